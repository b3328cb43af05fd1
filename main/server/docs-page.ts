import type { OpenApiDocument } from './openapi.js';

/**
 * A plain HTML page generated from the OpenAPI document. Chosen over swagger-ui because it needs
 * no script and no inline style, so /docs lives under the same strict CSP as everything else.
 */
const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Backticks in descriptions become <code>; everything else is escaped text. */
const inline = (text: string): string => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');

const pretty = (value: unknown): string => escapeHtml(JSON.stringify(value, null, 2));

interface Operation {
  summary?: string;
  description?: string;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
}

function section(path: string, verb: string, op: Operation): string {
  const request = op.requestBody?.content['application/json']?.schema;
  // The first success answer (200, or 201 for an upload) is the output; 4xx and 5xx are the errors.
  const ok = Object.entries(op.responses).find(([status]) => status.startsWith('2'))?.[1];
  const okSchema = ok?.content ? Object.values(ok.content)[0]?.schema : undefined;
  const errors = Object.entries(op.responses)
    .filter(([status]) => Number(status) >= 400)
    .map(([status, r]) => `<li><strong>${status}</strong> ${inline(r.description)}</li>`)
    .join('');
  const paragraphs = (op.description ?? op.summary ?? '')
    .split('\n\n')
    .map((p) => `<p>${inline(p)}</p>`)
    .join('');
  return `<section id="${escapeHtml(path)}">
<h3><span class="verb">${verb.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
${paragraphs}
${request ? `<details><summary>Input</summary><pre>${pretty(request)}</pre></details>` : ''}
${okSchema ? `<details><summary>Output</summary><pre>${pretty(okSchema)}</pre></details>` : ''}
${errors ? `<details><summary>Errors</summary><ul>${errors}</ul></details>` : ''}
</section>`;
}

export function renderDocsPage(doc: OpenApiDocument): string {
  const info = doc.info as { title: string; version: string; description: string };
  const sections: string[] = [];
  const toc: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [verb, op] of Object.entries(item as Record<string, Operation>)) {
      sections.push(section(path, verb, op));
      toc.push(`<li><a href="#${escapeHtml(path)}">${escapeHtml(path)}</a></li>`);
    }
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(info.title)} ${escapeHtml(info.version)}</title>
<link rel="stylesheet" href="/docs/docs.css">
</head>
<body>
<header><h1>${escapeHtml(info.title)} <small>${escapeHtml(info.version)}</small></h1>
<p>${inline(info.description)} Authenticate with <code>Authorization: Bearer &lt;token&gt;</code> from <code>auth.login</code>.
Machine-readable: <a href="/docs/openapi.json">openapi.json</a>.</p></header>
<nav><ul>${toc.join('')}</ul></nav>
<main>${sections.join('\n')}</main>
</body>
</html>
`;
}

export const DOCS_CSS = `body{font:15px/1.5 system-ui,sans-serif;margin:0;display:grid;grid-template-columns:16rem 1fr;color:#1b1f24}
header{grid-column:1/3;padding:1rem 2rem;background:#14213d;color:#fff}header a{color:#fca311}
nav{padding:1rem;border-right:1px solid #ddd;font-size:13px}nav ul{list-style:none;padding:0;margin:0}
main{padding:1rem 2rem;max-width:60rem}section{border-bottom:1px solid #eee;padding:.5rem 0 1rem}
.verb{display:inline-block;min-width:3.5rem;padding:0 .4rem;border-radius:3px;background:#14213d;color:#fff;font-size:12px}
pre{background:#f6f8fa;padding:.75rem;overflow:auto;font-size:12px}code{font-size:.95em}
`;
