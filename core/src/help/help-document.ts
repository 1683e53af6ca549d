/**
 * The help pages (portal sign-in with a token, signing a PDF, e-ID level 2, locking an e-ID
 * account) are content files, `content/<lang>.<topic>.md`, written in plain words by people who
 * are not programmers. They use a small part of Markdown — a `#` title, `##` sections,
 * paragraphs, `1.` steps and `-` points — which this parses into blocks the kiosk renders and the
 * server serves; anything else is kept as a paragraph, never as markup.
 */
export const HELP_TOPICS = ['portal-token', 'sign-pdf', 'eid-level2', 'eid-lock'] as const;
export type HelpTopic = (typeof HELP_TOPICS)[number];

/** The short path printed on the receipt (as text and QR) for each topic. */
export const HELP_SHORT_PATH: Readonly<Record<HelpTopic, string>> = {
  'portal-token': '/h/1',
  'sign-pdf': '/h/2',
  'eid-level2': '/h/3',
  'eid-lock': '/h/4',
};

export type HelpBlock =
  | { kind: 'section'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'steps'; items: string[] }
  | { kind: 'points'; items: string[] };

export interface HelpDocument {
  title: string;
  blocks: HelpBlock[];
}

export function parseHelp(source: string): HelpDocument {
  let title = '';
  const blocks: HelpBlock[] = [];
  const list = (kind: 'steps' | 'points', item: string) => {
    const last = blocks.at(-1);
    if (last?.kind === kind) last.items.push(item);
    else blocks.push({ kind, items: [item] });
  };
  for (const raw of source.normalize('NFC').split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    let m: RegExpExecArray | null;
    if ((m = /^#\s+(.+)$/.exec(line)) && title === '') title = m[1]!;
    else if ((m = /^##\s+(.+)$/.exec(line))) blocks.push({ kind: 'section', text: m[1]! });
    else if ((m = /^\d+\.\s+(.+)$/.exec(line))) list('steps', m[1]!);
    else if ((m = /^[-*]\s+(.+)$/.exec(line))) list('points', m[1]!);
    else blocks.push({ kind: 'paragraph', text: line.replace(/^#+\s*/, '') });
  }
  return { title, blocks };
}
