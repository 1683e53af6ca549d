import { z } from 'zod';
import { isoDate } from '../../schemas/primitives.ts';
import { ID_NUMBER } from '../../schemas/identity.ts';

/**
 * The chip reader. The page gives what opens the chip — the 12-digit ID number (PACE with the
 * CAN = its last 6 digits) and, for the BAC fall-back, birth and expiry dates when it has them —
 * and gets the chip's identity back with the passive-authentication verdict. Sensitive DG13
 * fields (ethnicity, religion, parents, spouse) never leave the agent. The photo, when asked
 * for, comes as an image Chromium can display (JPEG as read, JPEG 2000 converted to PNG).
 */
export const chipIdentity = z.object({
  idNumber: z.string().regex(ID_NUMBER).optional(),
  fullName: z.string().max(200).optional(),
  birthDate: isoDate.optional(),
  sex: z.enum(['M', 'F']).optional(),
  address: z.string().max(400).optional(),
  placeOfOrigin: z.string().max(400).optional(),
  issueDate: isoDate.optional(),
  expiryDate: isoDate.nullable().optional(),
  oldIdNumber: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
  documentNumber: z.string().max(20).optional(),
});
export type ChipIdentity = z.infer<typeof chipIdentity>;

export const chipReadResult = z.object({
  access: z.enum(['PACE', 'BAC']),
  /** `verified`: SOD signature, Document Signer → CSCA chain and every DG hash hold. */
  verdict: z.enum(['verified', 'not-verified', 'failed']),
  reason: z.string().max(300),
  identity: chipIdentity,
  photo: z.object({ mime: z.enum(['image/jpeg', 'image/png']), base64: z.string().max(400_000) }).nullable(),
  totalMs: z.number().nonnegative(),
});
export type ChipReadResult = z.infer<typeof chipReadResult>;

export const nfcRequests = {
  'nfc.read-card': {
    params: z.object({
      idNumber: z.string().regex(ID_NUMBER),
      birthDate: isoDate.optional(),
      expiryDate: isoDate.optional(),
      withPhoto: z.boolean().default(false),
    }),
    result: chipReadResult,
  },
} as const;
