import { zodToOpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { BUSINESS_TYPES, POST_LEVELS, RISK_LEVELS } from '../../domain/org';
import { IndicatorBodySchema, INDUSTRIES, PredicateSchema } from '../../domain/scoring';
import { z } from '../platform/openapi';

/** What the ruleset library routes answer (request bodies and ruleset versions stay beside their routes). */

// Predicates nest (anyOf / allOf), so the document refers to them by name. This names the very
// instance the indicator's measure holds (metadata only: it validates as before), whether or not
// domain/scoring was loaded before zod was extended with .openapi().
zodToOpenAPIRegistry.add(PredicateSchema, { _internal: { refId: 'Predicate' } });

/** An indicator of the library, as rulesets draw on it (the same schema validates one in a ruleset). */
export const Indicator = IndicatorBodySchema.extend({ code: z.string() }).openapi('Indicator');

const DutyRequirement = z
  .object({
    code: z.string(),
    text: z.string(),
    textZh: z.string(),
    indicatorCodes: z.array(z.string()).readonly(),
    levels: z.array(z.enum(POST_LEVELS)).readonly().optional().describe('Left out: every level'),
    businessTypes: z.array(z.enum(BUSINESS_TYPES)).readonly().optional().describe('Left out: every business type'),
    riskLevels: z.array(z.enum(RISK_LEVELS)).readonly().optional().describe('Left out: every risk level'),
  })
  .openapi('DutyRequirement');

const IndustryTemplate = z
  .object({ industry: z.enum(INDUSTRIES), name: z.string(), nameZh: z.string(), requirements: z.array(DutyRequirement).readonly() })
  .openapi('IndustryTemplate');

/** Without profile: the industry templates; with profile: that post profile's duty list ("one post, one list"). */
export const DutyTemplates = z
  .union([
    z.object({ templates: z.array(IndustryTemplate) }),
    z.object({
      industry: z.enum(INDUSTRIES),
      profile: z.object({ level: z.enum(POST_LEVELS), businessType: z.enum(BUSINESS_TYPES), riskLevel: z.enum(RISK_LEVELS) }),
      requirements: z.array(DutyRequirement),
    }),
  ])
  .openapi('DutyTemplates');
