import { helpPages } from './help-content.ts';
import { enHelp, viHelp } from './messages.ts';

/**
 * The help pages as one plain HTML page per language, for the link printed on the ticket: the
 * citizen opens it on their own phone, from the site's kiosk server, where the kiosk app itself
 * (its device database, its agent) has no business running. No script; every topic has its
 * anchor (`#eid-lock`). Written at build time by scripts/build-help.ts from the same content
 * files the kiosk shows.
 */
const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function helpHtml(language: 'vi' | 'en'): string {
  const words = language === 'vi' ? viHelp : enHelp;
  const other = language === 'vi' ? { href: 'en/', label: 'English' } : { href: '../', label: 'Tiếng Việt' };
  const topics = helpPages.map((page) => {
    const text = page[language];
    const sections = text.sections.map((s) => {
      const tag = s.ordered ? 'ol' : 'ul';
      return `<h3>${escape(s.heading)}</h3><${tag}>${s.items.map((i) => `<li>${escape(i)}</li>`).join('')}</${tag}>`;
    });
    return `<section id="${page.id}"><h2>${escape(text.title)}</h2><p>${escape(text.intro)}</p>${sections.join('')}</section>`;
  });
  const contents = helpPages.map((page) => `<li><a href="#${page.id}">${escape(page[language].title)}</a></li>`).join('');
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(words.heading)}</title>
<style>
body { font: 18px/1.55 system-ui, sans-serif; color: #1a1a1a; background: #fff; margin: 0 auto; max-width: 46rem; padding: 1rem; }
h1 { color: #a50e0e; } h2 { margin-top: 2rem; border-top: 2px solid #ccc; padding-top: 1rem; } h3 { margin-bottom: 0.3rem; }
a { color: #0b4f9c; } li { margin: 0.3rem 0; } nav a { display: inline-block; min-height: 48px; padding: 0.6rem 0; }
</style>
</head>
<body>
<nav><a href="${other.href}" lang="${language === 'vi' ? 'en' : 'vi'}">${other.label}</a></nav>
<main>
<h1>${escape(words.heading)}</h1>
<p>${escape(words.intro)}</p>
<ul>${contents}</ul>
${topics.join('\n')}
</main>
</body>
</html>
`;
}
