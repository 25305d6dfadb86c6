/** The one schema for lexicon entries read from data (seeds, JSON files, the admin API). */
import { z } from 'zod';
import { SLUR_CATEGORIES } from '../../../domain/slurs';

export const severitySchema = z.number().int().min(1).max(4);
export const categorySchema = z.enum(SLUR_CATEGORIES);

export const entrySchema = z
  .object({
    term: z.string().trim().min(1).max(100),
    variants: z.array(z.string().trim().min(1).max(100)).max(200).optional(),
    category: categorySchema,
    severity: severitySchema,
    wholeWord: z.boolean().optional(),
    allowInCompounds: z.boolean().optional(),
    exceptions: z.array(z.string().min(1).max(100)).max(200).optional(),
    action: z.enum(['flag', 'block']).optional(),
  })
  .strict();

export type EntryData = z.infer<typeof entrySchema>;
