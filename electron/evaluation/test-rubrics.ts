/**
 * Test helper: a question with a rubric of its own, so the scorer's unit tests do not depend on
 * the seeded bank's wording (only labelled-set.test.ts and the bench read that).
 */
import { rubricSchema, type ScorableQuestion } from '../../shared/rubric';

export const cachingQuestion: ScorableQuestion = {
  key: 'fixture-caching',
  type: 'text',
  prompt:
    'Explain how you would put a cache in front of a slow product catalogue API, and how you would keep the cached data fresh.',
  rubric: rubricSchema.parse({
    criteria: [
      {
        name: 'Cache design',
        weight: 2,
        keyPoints: [
          { point: 'cache-aside pattern', synonyms: ['lazy loading', 'read-through cache'] },
          { point: 'cache key per product', synonyms: ['key by product id'] },
          { point: 'in-memory store', synonyms: ['Redis', 'Memcached'] },
        ],
        anchors: [
          { level: 1, description: 'Says "add a cache" with no design.' },
          { level: 3, description: 'Names a store and a pattern but not the keys.' },
          { level: 5, description: 'Cache-aside with per-product keys in an in-memory store.' },
        ],
      },
      {
        name: 'Freshness',
        weight: 1,
        keyPoints: [
          { point: 'time to live', synonyms: ['TTL', 'expiry time'] },
          { point: 'invalidate on write', synonyms: ['evict the entry when a product changes'] },
          { point: 'stale reads trade-off', synonyms: ['eventual consistency'] },
        ],
        anchors: [
          { level: 1, description: 'Nothing on freshness.' },
          { level: 5, description: 'TTL, invalidation on update, and the staleness trade-off.' },
        ],
      },
    ],
    modelAnswer:
      'Use cache-aside with Redis, keyed by product id, with a TTL, and invalidate entries when a product is updated, accepting briefly stale reads.',
  }),
};

export const STRONG_CACHING_ANSWER =
  'I would use the cache-aside pattern: the service first looks in Redis and only calls the slow API on a miss, then stores the result. Each entry is keyed by the product id, so one product can be refreshed alone. Every entry gets a time to live of a few minutes, and when a product is updated we invalidate its entry on write so the next read fetches the new data. The trade-off is that readers may see slightly stale data until then, which is acceptable for a catalogue.';
