/**
 * The standard text of a listed matter (承诺事项清单, domain.md §6: standard templates per matter) and
 * how a commitment's text is made from it. Pure. The subject fills in who it is; the legal clauses
 * are the matter's and are not edited by the subject.
 */
import { COMMITMENT_TEMPLATE_PLACEHOLDERS, type CommitmentTemplatePlaceholder } from '@credit/contracts';

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

/** The placeholders a template uses. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/** The placeholders a template uses that the platform does not know (a template with any is refused, 400 on `template`). */
export function unknownPlaceholders(template: string): string[] {
  return placeholdersOf(template).filter((name) => !(COMMITMENT_TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name));
}

/** The template with every placeholder replaced by its value. */
export function fillTemplate(template: string, values: Record<CommitmentTemplatePlaceholder, string>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (name in values ? values[name as CommitmentTemplatePlaceholder] : whole));
}
