import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Input, Row, Space, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OrgUnitSelect } from '../../shared/components/OrgUnitSelect';
import { useErrorText } from '../../shared/hooks';
import { hasRole, useSession } from '../../shared/session';
import { MONTH_RE } from '../../shared/operations';
import { setSearchParams, useLocation } from '../../router';
import { UUID_RE } from '../hazards/hazard';
import { fetchSafetyRates, HOURS_WRITER_ROLES, RATE_COUNTS, RATES, type RateFigures, type RateName } from './api';
import { RatesDrillDrawer, type RatesDrill } from './RatesDrillDrawer';
import { RatesTrendCard } from './RatesTrendCard';
import { useRateText } from './useRateText';
import { WorkedHoursCard } from './WorkedHoursCard';

/**
 * Safety performance rates (issue 18): TRIR, LTIFR and severity rate of a unit's subtree over the
 * twelve months up to a month, with their trend; every figure opens the incidents counted in it.
 * The safety hub, HR and admins enter and import the worked hours the rates divide by. Unit and
 * month live in the URL.
 */
export function SafetyRatesPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const { search } = useLocation();
  const errorText = useErrorText();
  const f = useRateText();
  const unitParam = search.get('orgUnitId');
  const orgUnitId = unitParam && UUID_RE.test(unitParam) ? unitParam : undefined;
  const toParam = search.get('to');
  const to = toParam && MONTH_RE.test(toParam) ? toParam : undefined;
  const [version, setVersion] = useState(0);
  const [drill, setDrill] = useState<RatesDrill | null>(null);
  // Months and the incidents in them are the group's (UTC+8, the server's default).
  const query = { orgUnitId, to };
  const rates = useQuery({
    queryKey: ['safety-rates', orgUnitId, to, version],
    queryFn: () => fetchSafetyRates(query),
    placeholderData: keepPreviousData,
    refetchOnWindowFocus: false,
  });
  const data = rates.data;
  const writer = hasRole(user, ...HOURS_WRITER_ROLES);

  const open = (rate: RateName, figures: RateFigures, month: string | null) =>
    setDrill({ rate, month, ids: figures.incidentIds[RATE_COUNTS[rate]], figures, range: data ? { from: data.from, to: data.to } : null });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="safety-rates">
      <Card
        title={t('safetyRates.title')}
        extra={
          <Button onClick={() => setVersion((v) => v + 1)} data-testid="safety-rates-refresh">
            {t('common.refresh')}
          </Button>
        }
      >
        <Row gutter={[12, 12]} align="middle">
          <Col xs={24} sm={12} md={8}>
            <OrgUnitSelect
              value={orgUnitId}
              onChange={(v?: string) => setSearchParams({ orgUnitId: v ?? null })}
              allowClear
              placeholder={t('safetyRates.unit')}
              testId="safety-rates-unit"
            />
          </Col>
          <Col xs={24} sm={12} md={8}>
            <Input
              type="month"
              aria-label={t('safetyRates.to')}
              addonBefore={t('safetyRates.to')}
              value={to ?? data?.to ?? ''}
              onChange={(e) => setSearchParams({ to: MONTH_RE.test(e.target.value) ? e.target.value : null })}
              data-testid="safety-rates-to"
            />
          </Col>
          {data && (
            <Col xs={24} md={8}>
              <Typography.Text type="secondary" data-testid="safety-rates-range">
                {data.scope.name} · {data.from} – {data.to}
              </Typography.Text>
            </Col>
          )}
        </Row>
      </Card>
      {rates.error && <Alert type="error" showIcon title={errorText(rates.error)} data-testid="safety-rates-error" />}
      {data && (
        <>
          <Row gutter={[12, 12]} data-testid="safety-rates-total">
            {RATES.map((rate) => (
              <Col key={rate} xs={24} md={8}>
                <Card
                  size="small"
                  hoverable
                  onClick={() => open(rate, data.total, null)}
                  title={
                    <Tooltip title={t(`safetyRates.definition.${rate}`)}>
                      <span style={{ cursor: 'help' }}>{t(`safetyRates.rate.${rate}`)}</span>
                    </Tooltip>
                  }
                  data-testid={`rate-${rate}`}
                  data-value={data.total[rate] ?? ''}
                >
                  <div style={{ fontSize: 26, fontWeight: 600, lineHeight: 1.2 }} data-testid="rate-value">
                    {f.rate(data.total[rate])}
                  </div>
                  <Typography.Link data-testid="rate-count">{f.count(rate, data.total)}</Typography.Link>{' '}
                  <Typography.Text type="secondary">· {f.hours(data.total.hours)}</Typography.Text>
                </Card>
              </Col>
            ))}
          </Row>
          {data.total.monthsWithoutHours.length > 0 && (
            <Alert
              type="warning"
              showIcon
              data-testid="safety-rates-missing-hours"
              title={t('safetyRates.monthsWithoutHours', { months: data.total.monthsWithoutHours.join(', ') })}
            />
          )}
          <RatesTrendCard rates={data} loading={rates.isFetching} onPoint={(rate, m) => open(rate, m, m.month)} />
        </>
      )}
      <WorkedHoursCard orgUnitId={orgUnitId} from={data?.from} to={data?.to} writer={writer} onSaved={() => setVersion((v) => v + 1)} />
      <RatesDrillDrawer drill={drill} onClose={() => setDrill(null)} />
    </Space>
  );
}
