import { describe, expect, it } from 'vitest';
import { clipId, speakableText } from './clip-id.ts';
import { planSpeech, templateParts, valueUnits } from './speech-plan.ts';

const pack = (texts: string[], templates: string[] = []) => ({
  clips: new Set([...texts, ...templates.flatMap(templateParts)].map(clipId)),
  templates,
});

describe('audio speech plan', () => {
  it('finds the clip of a catalogue text whatever its spacing or symbols', () => {
    const p = pack(['Quay lại']);
    expect(planSpeech('←  Quay lại', p)).toEqual([clipId('Quay lại')]);
    expect(speakableText(' Quay\n lại → ')).toBe('Quay lại');
  });

  it('says a templated text as its fixed parts and its values digit by digit', () => {
    const p = pack([...'0123456789A'], ['Bước {n} / {total}', 'Số thứ tự {ticket}']);
    expect(planSpeech('Bước 2 / 6', p)).toEqual([clipId('Bước'), clipId('2'), clipId('6')]);
    expect(planSpeech('Số thứ tự A-023', p)).toEqual(['Số thứ tự', 'A', '0', '2', '3'].map(clipId));
    expect(valueUnits('a-0 2')).toEqual(['A', '0', '2']);
  });

  it('says nothing it has no clip for (a citizen’s own name)', () => {
    expect(planSpeech('Nguyễn Thị Hồng Nhung', pack(['Quay lại']))).toBeNull();
    expect(planSpeech('→', pack([]))).toEqual([]);
  });

  it('names clips stably (the pack builder and the page must agree)', () => {
    expect(clipId('Tiếp tục')).toBe(clipId('Tiếp tục'.normalize('NFD')));
    expect(clipId('Tiếp tục')).not.toBe(clipId('Tiếp tục.'));
  });
});
