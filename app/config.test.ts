import path from 'node:path';
import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('defaults to the embedded database, the local dev server and demo data', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.database).toEqual({ kind: 'sqlite', file: path.resolve('.data/safeloop.sqlite') });
    expect(c.seedDemo).toBe(true);
    // The demo plant's people read Chinese: their mails and notices come in it unless DEMO_LOCALE says otherwise.
    expect(c.demoLocale).toBe('zh-CN');
    expect(loadConfig({ DEMO_LOCALE: 'en' }).demoLocale).toBe('en');
    expect(c.temporal).toMatchObject({
      address: null,
      namespace: 'default',
      devServerPort: 7233,
      devServerUiPort: 8233,
      taskQueue: 'safeloop-main',
      tls: false,
      apiKey: null,
    });
  });

  it('switches to MySQL with DATABASE_URL and then seeds nothing unless asked', () => {
    const c = loadConfig({ DATABASE_URL: 'mysql://u:p@db:3306/safeloop', TEMPORAL_ADDRESS: 'temporal:7233' });
    expect(c.database).toEqual({ kind: 'mysql', url: 'mysql://u:p@db:3306/safeloop', poolSize: 10 });
    expect(c.seedDemo).toBe(false);
    expect(c.temporal.address).toBe('temporal:7233');
    expect(loadConfig({ DATABASE_URL: 'mysql://u@db/x', SEED_DEMO: '1' }).seedDemo).toBe(true);
  });

  it('names the variable at fault', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
  });

  it('turns TLS on for an API key (Temporal Cloud)', () => {
    expect(loadConfig({ TEMPORAL_API_KEY: 'k' }).temporal).toMatchObject({ tls: true, apiKey: 'k' });
  });

  it('runs all three kinds of worker by default, the interactive one sized to the pool, notifications rate-limited', () => {
    const c = loadConfig({});
    expect(c.workers).toEqual({
      queues: ['interactive', 'scoring', 'notifications'],
      settings: {
        interactive: { activitySlots: 10, queueActivitiesPerSecond: null },
        scoring: { activitySlots: 2, queueActivitiesPerSecond: null },
        notifications: { activitySlots: 4, queueActivitiesPerSecond: 10 },
      },
    });
    expect(loadConfig({ WORKER_QUEUES: 'interactive', DATABASE_POOL_SIZE: '20' }).workers.settings.interactive.activitySlots).toBe(20);
    expect(loadConfig({ WORKER_ACTIVITY_SLOTS: '3' }).workers.settings.interactive.activitySlots).toBe(3);
  });

  it('reads the queues a deployment runs and their settings', () => {
    const c = loadConfig({
      WORKER_QUEUES: ' scoring, notifications,scoring ',
      WORKER_SCORING_SLOTS: '1',
      WORKER_NOTIFICATION_SLOTS: '5',
      NOTIFICATIONS_PER_SECOND: '0.5',
    });
    expect(c.workers.queues).toEqual(['scoring', 'notifications']);
    expect(c.workers.settings.scoring).toEqual({ activitySlots: 1, queueActivitiesPerSecond: null });
    expect(c.workers.settings.notifications).toEqual({ activitySlots: 5, queueActivitiesPerSecond: 0.5 });
    expect(loadConfig({ NOTIFICATIONS_PER_SECOND: '0' }).workers.settings.notifications.queueActivitiesPerSecond).toBeNull();
    expect(() => loadConfig({ WORKER_QUEUES: 'interactive,reports' })).toThrow(/WORKER_QUEUES/);
    expect(() => loadConfig({ WORKER_QUEUES: ' , ' })).toThrow(/WORKER_QUEUES/);
    expect(() => loadConfig({ NOTIFICATIONS_PER_SECOND: '-1' })).toThrow(/NOTIFICATIONS_PER_SECOND/);
  });

  it('traces only when an OTLP endpoint is set, to <endpoint>/v1/traces or the traces endpoint as given', () => {
    expect(loadConfig({}).tracing).toEqual({ tracesUrl: null, serviceName: null });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing.tracesUrl).toBe('http://collector:4318/v1/traces');
    expect(
      loadConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://tempo:4318/otlp/traces',
        OTEL_SERVICE_NAME: 'hse',
      }).tracing,
    ).toEqual({ tracesUrl: 'http://tempo:4318/otlp/traces', serviceName: 'hse' });
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});
