import { parseDateOnly } from '../../domain/programs.js';
import { AppError } from '../../errors.js';

/** Rules across fields that no single field's schema states (422 with the field's path). */
export function requireProgramRules(p: {
  startDate: string;
  endDate: string | null;
  currency: string;
  templateCurrency?: string;
  /** The proposal's and the contract template's terms: renewals carry both, within a proposal's 20,000 characters. */
  termsLength?: number;
}) {
  if (p.termsLength !== undefined && p.termsLength > 20_000)
    throw new AppError(
      'BUSINESS_RULE',
      'proposalTemplate.terms and contractTemplate.terms together exceed 20,000 characters (a proposal carries both)',
      [
        {
          location: 'body',
          path: 'contractTemplate.terms',
          message: 'too long together with proposalTemplate.terms',
        },
      ],
    );
  if (p.endDate !== null) {
    const start = parseDateOnly(p.startDate)!;
    const end = parseDateOnly(p.endDate)!;
    if (Date.UTC(end.year, end.month - 1, end.day) <= Date.UTC(start.year, start.month - 1, start.day))
      throw new AppError('BUSINESS_RULE', 'endDate must be after startDate', [
        { location: 'body', path: 'endDate', message: 'must be after startDate' },
      ]);
  }
  if (p.templateCurrency !== undefined && p.templateCurrency !== p.currency)
    throw new AppError(
      'BUSINESS_RULE',
      `proposalTemplate.currency must be the budget's currency (${p.currency})`,
      [{ location: 'body', path: 'proposalTemplate.currency', message: `must be ${p.currency}` }],
    );
}
