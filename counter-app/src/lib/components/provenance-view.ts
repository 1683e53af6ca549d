import {
  PROVENANCE_FIELDS,
  type FieldOrigin,
  type IdentityCheckResult,
  type IdentityProvenance,
  type ProvenanceField,
} from '@dangky/core/schemas';

/**
 * The identity's provenance as the counter shows it: one row per field with its source, and the
 * checks with problems first (errors, then warnings, then notes), passed checks after — so what
 * needs the clerk's eye is on top. Messages come from the catalogue (`provenance.*`) and, for a
 * finding, the error registry (`errors.<code>`), with a staff wording in `provenance.finding`
 * where the registry's is written for the citizen. `t` is svelte-i18n's formatter (a plain
 * function in tests).
 */
export type Translate = (key: string, options?: { values?: Record<string, string | number> }) => string;

export interface FieldRow {
  field: ProvenanceField;
  label: string;
  origin: FieldOrigin;
  sourceLabel: string;
  /** "đã sửa" and, as a hint, from which reading. */
  edited: { label: string; hint: string } | null;
}

export interface CheckRow {
  check: IdentityCheckResult['check'];
  outcome: IdentityCheckResult['outcome'];
  code: string | null;
  icon: string;
  outcomeLabel: string;
  message: string;
  /** Which field / sources / MRZ place the finding is about; empty when nothing to add. */
  about: string;
}

const ICON: Record<IdentityCheckResult['outcome'], string> = { passed: '✓', warning: '⚠', error: '✗', info: 'ℹ' };
const ORDER: Record<IdentityCheckResult['outcome'], number> = { error: 0, warning: 1, info: 2, passed: 3 };

/** `key` translated, or null when the catalogue has no such key (svelte-i18n echoes the key). */
const maybe = (t: Translate, key: string, values?: Record<string, string | number>): string | null => {
  const text = t(key, values ? { values } : undefined);
  return text === key ? null : text;
};

export function fieldRows(p: IdentityProvenance, t: Translate): FieldRow[] {
  return PROVENANCE_FIELDS.flatMap((field) => {
    const origin = p.fields[field];
    if (!origin) return [];
    const from = origin.editedFrom ? t(`provenance.sourceLong.${origin.editedFrom}`) : null;
    return [
      {
        field,
        label: t(`provenance.field.${field}`),
        origin,
        sourceLabel: t(`provenance.source.${origin.source}`),
        edited: origin.edited
          ? {
              label: t('provenance.edited'),
              hint: from ? t('provenance.editedFrom', { values: { source: from } }) : t('provenance.edited'),
            }
          : null,
      },
    ];
  });
}

const capitalise = (s: string): string => s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);

export function checkRows(p: IdentityProvenance, t: Translate): CheckRow[] {
  const long = (source: string) => maybe(t, `provenance.sourceLong.${source}`) ?? source;
  return p.checks
    .map((c, i) => ({ c, i }))
    .sort((a, b) => ORDER[a.c.outcome] - ORDER[b.c.outcome] || a.i - b.i)
    .map(({ c }) => {
      const [a = '', b = ''] = (c.detail?.sources ?? c.detail?.source ?? '').split('/').map(long);
      const message =
        c.outcome === 'passed' || !c.code
          ? capitalise(maybe(t, `provenance.passed.${c.check}`, { a, b }) ?? c.check)
          : (maybe(t, `provenance.finding.${c.code}`) ?? maybe(t, `errors.${c.code}`) ?? c.code);
      const about: string[] = [];
      if (c.outcome !== 'passed') {
        if (c.detail?.field) about.push(t(`provenance.field.${c.detail.field}`));
        if (c.detail?.check) about.push(maybe(t, `provenance.mrzCheck.${c.detail.check}`) ?? c.detail.check);
        if (c.detail?.line && c.detail.position)
          about.push(t('provenance.place', { values: { line: c.detail.line, position: c.detail.position } }));
        if (c.detail?.sources) about.push(t('provenance.pair', { values: { a, b } }));
        else if (c.detail?.source) about.push(t('provenance.per', { values: { source: a } }));
      }
      return {
        check: c.check,
        outcome: c.outcome,
        code: c.code ?? null,
        icon: ICON[c.outcome],
        outcomeLabel: t(`provenance.outcome.${c.outcome}`),
        message,
        about: about.join(' · '),
      };
    });
}
