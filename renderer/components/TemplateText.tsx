import { templateParts } from './template-parts.js';

/** A group template with its varying parts shown as "…" chips and redacted values as named chips. */
export function TemplateText({ template }: { template: string }) {
  return (
    <span className="template-text">
      {templateParts(template).map((part, i) =>
        part.kind === 'text' ? (
          <span key={i}>{part.text}</span>
        ) : part.kind === 'variable' ? (
          <span key={i} className="template-var" title="Varies between events">
            …<span className="visually-hidden"> (varies)</span>
          </span>
        ) : (
          <span key={i} className="template-var template-redacted" title="Hidden by redaction">
            {part.what}
          </span>
        ),
      )}
    </span>
  );
}
