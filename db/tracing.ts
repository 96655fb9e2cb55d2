import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ATTR_DB_COLLECTION_NAME, ATTR_DB_OPERATION_NAME, ATTR_DB_SYSTEM_NAME } from '@opentelemetry/semantic-conventions';
import type { EntityManager } from 'typeorm';

const tracer = trace.getTracer('safeloop-db');

/**
 * Runs one database operation in a client span named as the semantic conventions name it
 * (`INSERT tasks`), child of the span in force (e.g. the activity's RunActivity span), so that a
 * trace shows the write a request led to. Outside a trace (tracing off, or an untraced activity)
 * it only calls `fn`: a write is a part of a trace, never a trace of its own.
 */
export function inDbSpan<T>(em: EntityManager, operation: 'INSERT' | 'UPDATE' | 'DELETE' | 'SELECT', table: string, fn: () => Promise<T>): Promise<T> {
  if (!trace.getActiveSpan()) return fn();
  const attributes = {
    [ATTR_DB_SYSTEM_NAME]: em.connection.options.type === 'sqljs' ? 'sqlite' : em.connection.options.type, // mysql or mariadb
    [ATTR_DB_OPERATION_NAME]: operation,
    [ATTR_DB_COLLECTION_NAME]: table,
  };
  return tracer.startActiveSpan(`${operation} ${table}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
    try {
      return await fn();
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
      throw err;
    } finally {
      span.end();
    }
  });
}
