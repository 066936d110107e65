import type { KnowledgeRevision } from '../models';
import { z } from 'zod';

const phrase = (max: number) => z.string().trim().min(1).max(max);
/** Dates arrive as ISO strings; null clears a window bound. */
const windowBound = z.coerce.date().nullable();

const fields = {
  title: phrase(300),
  // TEXT holds 64 KiB on MySQL; 20k characters of CJK (3 bytes each) stays under it.
  answer: phrase(20_000),
  tags: z.array(phrase(32)).max(30),
  keywords: z.array(phrase(50)).max(50),
  similarQuestions: z.array(phrase(300)).max(100),
  category: phrase(32).nullable(),
  productIds: z.array(z.number().int().positive()).max(100),
  validFrom: windowBound,
  validUntil: windowBound,
};

/** The editable content of a revision, as the console and imports supply it. */
export const revisionContentSchema = z.strictObject({
  ...fields,
  tags: fields.tags.default([]),
  keywords: fields.keywords.default([]),
  similarQuestions: fields.similarQuestions.default([]),
  category: fields.category.default(null),
  productIds: fields.productIds.default([]),
  validFrom: fields.validFrom.default(null),
  validUntil: fields.validUntil.default(null),
});

/**
 * An edit: only the fields sent change. Built from the fields without defaults, because zod applies
 * defaults even inside .partial(), which would silently clear every list an edit did not mention.
 */
export const revisionChangesSchema = z.strictObject(fields).partial();

export type RevisionContent = z.infer<typeof revisionContentSchema>;

/** Fills the optional parts of content built in code (imports, tests) the way the schema would. */
export function completeContent(content: Pick<RevisionContent, 'title' | 'answer'> & Partial<RevisionContent>): RevisionContent {
  return {
    tags: [],
    keywords: [],
    similarQuestions: [],
    category: null,
    productIds: [],
    validFrom: null,
    validUntil: null,
    ...content,
  };
}

/** Author of a write: a console user, or null for API keys and system work. */
export interface RevisionAuthor {
  userId: number | null;
}

/** The editable content of a stored revision (what a new revision copies). */
export function contentOf(revision: KnowledgeRevision): RevisionContent {
  return {
    title: revision.title,
    answer: revision.answer,
    tags: revision.tags,
    keywords: revision.keywords,
    similarQuestions: revision.similarQuestions,
    category: revision.category ?? null,
    productIds: revision.productIds,
    validFrom: revision.validFrom ?? null,
    validUntil: revision.validUntil ?? null,
  };
}
