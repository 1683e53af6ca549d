import { describe, expect, it } from 'vitest';
import { applyTone, telexKey, typeLetter, typeTelex } from './index.ts';

describe('Telex composer', () => {
  it.each([
    // vowel shapes and đ
    ['aa', 'â'],
    ['aw', 'ă'],
    ['ee', 'ê'],
    ['oo', 'ô'],
    ['ow', 'ơ'],
    ['uw', 'ư'],
    ['w', 'ư'],
    ['dd', 'đ'],
    ['DDi', 'Đi'],
    ['Nhw', 'Như'],
    // tones
    ['as', 'á'],
    ['af', 'à'],
    ['ar', 'ả'],
    ['ax', 'ã'],
    ['aj', 'ạ'],
    ['asz', 'a'],
    // a second press takes the shape or tone back and types the letter
    ['ass', 'as'],
    ['aaa', 'aa'],
    ['ddd', 'dd'],
    ['aww', 'aw'],
    // the key may come later in the word; the tone moves to the right vowel as the word grows
    ['tieesng', 'tiếng'],
    ['tiene', 'tiên'],
    ['tiesne', 'tiến'],
    ['Hofng', 'Hòng'],
    ['hoafn', 'hoàn'],
    ['did', 'đi'],
    ['Ducwsd', 'Đức'],
    ['muaw', 'mưa'],
    // ươ in one w, and uơ at the end of a syllable
    ['nguoiwf', 'người'],
    ['nguwowif', 'người'],
    ['Duwowng', 'Dương'],
    ['thuowr', 'thuở'],
    ['huowu', 'hươu'],
    ['quowf', 'quờ'],
    // gi and qu are initials before a vowel
    ['gif', 'gì'],
    ['giaf', 'già'],
    ['giuwx', 'giữ'],
    ['quys', 'quý'],
    ['Quynhf', 'Quỳnh'],
    ['quoocs', 'quốc'],
    // tone on the main vowel (Decision 1989/QĐ-BGDĐT)
    ['hoaf', 'hoà'],
    ['khoer', 'khoẻ'],
    ['Thuyr', 'Thuỷ'],
    ['hoangf', 'hoàng'],
    ['bias', 'bía'],
    ['muaf', 'mùa'],
    ['luwar', 'lửa'],
    ['khuyur', 'khuỷu'],
    ['ngoeoj', 'ngoẹo'],
    ['chuyeenj', 'chuyện'],
    ['hoawcj', 'hoặc'],
    ['xoays', 'xoáy'],
    // case is kept
    ['NGUYEENX', 'NGUYỄN'],
    ['BUIF', 'BÙI'],
    ['Ddawngj', 'Đặng'],
    // what is not Vietnamese is typed as it is
    ['bacf', 'bacf'],
    ['John', 'John'],
    ['Jessica', 'Jessica'],
    ['ok1', 'ok1'],
    ['Ddawks Lawks', 'Đắk Lắk'],
    // whole phrases, word by word
    ['Nguyeenx Thij Hoongf Nhung', 'Nguyễn Thị Hồng Nhung'],
    ['Leee', 'Lee'],
    ['12 Lee Lowij, phuwowngf Beesn Thanhf', '12 Lê Lợi, phường Bến Thành'],
  ])('%s → %s', (keys, expected) => {
    expect(typeTelex(keys)).toBe(expected.normalize('NFC'));
  });

  it.each([
    ['hoaf', 'hòa'],
    ['khoer', 'khỏe'],
    ['Thuyr', 'Thủy'],
    ['hoangf', 'hoàng'],
    ['quys', 'quý'],
  ])('traditional placement: %s → %s', (keys, expected) => {
    expect(typeTelex(keys, { style: 'traditional' })).toBe(expected);
  });

  it('always answers NFC, whatever form the text had', () => {
    const nfd = 'Nguyễn Thị Hồng Nh'.normalize('NFD');
    const out = telexKey(nfd, 'u');
    expect(out).toBe('Nguyễn Thị Hồng Nhu');
    expect(out.normalize('NFC')).toBe(out);
  });

  it('touches only the last word', () => {
    expect(telexKey('Hồng ', 's')).toBe('Hồng s');
    expect(telexKey('Hồng', ' ')).toBe('Hồng ');
  });
});

describe('direct tone and letter keys', () => {
  it.each([
    ['Nguyên', 'nga', 'Nguyễn'],
    ['Nguyễn', 'nga', 'Nguyên'],
    ['Thi', 'nang', 'Thị'],
    ['hoa', 'huyen', 'hoà'],
    ['học', 'huyen', 'học'],
    ['nh', 'sac', 'nh'],
    ['Nguyễn Thi', 'nang', 'Nguyễn Thị'],
  ] as const)('%s + %s → %s', (text, tone, expected) => {
    expect(applyTone(text, tone)).toBe(expected);
  });

  it('moves the tone as shaped letters are typed', () => {
    expect(typeLetter('Hò', 'n')).toBe('Hòn');
    expect(['N', 'g', 'u', 'y', 'ê', 'n'].reduce((t, l) => typeLetter(t, l), '')).toBe('Nguyên');
    expect(typeLetter(applyTone('hoa', 'huyen'), 'n')).toBe('hoàn');
    expect(typeLetter('Đ', 'ư')).toBe('Đư');
  });
});
