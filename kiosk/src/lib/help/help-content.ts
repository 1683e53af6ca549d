import { z } from 'zod';
import portalToken from '../../content/help/portal-token.json';
import signPdf from '../../content/help/sign-pdf.json';
import eidLevel2 from '../../content/help/eid-level2.json';
import eidLock from '../../content/help/eid-lock.json';

/**
 * The help pages a citizen reads at the kiosk and, from the link on the ticket, on their own
 * phone: what to do with the signature or the e-ID after the visit. The words live in content
 * files (src/content/help/*.json), one per page with both languages, written from the domain
 * sources each file names; this module only checks their shape and orders them.
 */
const section = z.object({
  heading: z.string().min(1),
  /** Steps to follow in order (a numbered list) rather than points. */
  ordered: z.boolean().optional(),
  items: z.array(z.string().min(1)).min(1),
});
const inLanguage = z.object({ title: z.string().min(1), intro: z.string().min(1), sections: z.array(section).min(1) });
export const helpPage = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  sources: z.array(z.string().min(1)).min(1),
  vi: inLanguage,
  en: inLanguage,
});
export type HelpPage = z.infer<typeof helpPage>;
export type HelpText = z.infer<typeof inLanguage>;

export const helpPages: readonly HelpPage[] = [portalToken, signPdf, eidLevel2, eidLock].map((page) => helpPage.parse(page));

export const helpPageById = (id: string): HelpPage | undefined => helpPages.find((page) => page.id === id);
