import { Alert, App, Button, Col, Input, Row, Space, Statistic, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadCollaborationReport, fetchCollaborationReport, type CollaborationRow, type ExportFormat } from '../../shared/api';
import { saveFile } from '../../shared/download';
import { useErrorText } from '../../shared/hooks';
import { usePolledQuery } from '../../shared/query';
import { groupMonth, MONTH_RE, RED } from '../../shared/operations';
import { fmtScore } from '../scores/scoring';
import { setSearchParams, useLocation } from '../../router';
import { testId } from '../../shared/testIds';
import { None } from '../../shared/components/Cells';
import { PageCard } from '../../shared/components/ListPageCard';

const POLL_MS = 60_000;

const pct = (x: number | null) => (x === null ? null : `${Math.round(x * 1000) / 10} %`);

/**
 * Reports for managers, HR, the safety hub and department heads: the monthly collaboration
 * report (SPEC §5) — per department, the tasks handed over to it by other departments (and from
 * which), how many were done on time, the median response, hazards closed on time and training
 * participation, with the month's collaboration score; downloadable as Excel or CSV.
 */
export function ReportsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { search } = useLocation();
  const asked = search.get('period');
  const period = asked && MONTH_RE.test(asked) ? asked : groupMonth();
  const [downloading, setDownloading] = useState<ExportFormat | null>(null);
  const query = usePolledQuery(['collaboration-report', period], () => fetchCollaborationReport(period), POLL_MS);
  const report = query.data ?? null;
  const failed = query.errorText;

  const download = async (format: ExportFormat) => {
    setDownloading(format);
    try {
      const { blob, fileName } = await downloadCollaborationReport(period, format);
      saveFile(blob, fileName);
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setDownloading(null);
    }
  };

  const items = report?.items ?? [];
  const sum = (f: (d: CollaborationRow) => number) => items.reduce((n, d) => n + f(d), 0);
  const done = sum((d) => d.completedOnTime + d.completedLate);
  const none = <None />;
  const columns: TableColumnsType<CollaborationRow> = [
    {
      key: 'department',
      title: t('reports.colDepartment'),
      fixed: 'left',
      width: 200,
      render: (_, d) => <Typography.Text strong>{d.departmentName}</Typography.Text>,
    },
    { key: 'received', title: t('reports.colReceived'), align: 'right', render: (_, d) => <span data-testid="report-received">{d.handoffsReceived}</span> },
    { key: 'sent', title: t('reports.colSent'), align: 'right', dataIndex: 'handoffsSent' },
    {
      key: 'from',
      title: t('reports.colFrom'),
      width: 240,
      render: (_, d) =>
        d.fromDepartments.length ? (
          <Space size={[4, 4]} wrap data-testid="report-from">
            {d.fromDepartments.map((f) => (
              <Tag key={f.departmentId} data-testid="report-from-department" data-department={f.departmentName} data-count={f.count}>
                {t('reports.fromEntry', { name: f.departmentName, count: f.count })}
              </Tag>
            ))}
          </Space>
        ) : (
          none
        ),
    },
    {
      key: 'onTime',
      title: t('reports.colOnTime'),
      align: 'right',
      render: (_, d) => (
        <Tooltip title={t('reports.onTimeDetail', { onTime: d.completedOnTime, late: d.completedLate, open: d.openOverdue })}>
          <span style={d.onTimeRate !== null && d.onTimeRate < 0.8 ? { color: RED } : undefined} data-testid="report-on-time">
            {pct(d.onTimeRate) ?? none}
          </span>
        </Tooltip>
      ),
    },
    {
      key: 'openOverdue',
      title: t('reports.colOpenOverdue'),
      align: 'right',
      render: (_, d) => <span style={d.openOverdue ? { color: RED } : undefined}>{d.openOverdue}</span>,
    },
    {
      key: 'median',
      title: t('reports.colMedian'),
      align: 'right',
      render: (_, d) => (d.medianResponseHours === null ? none : t('reports.hours', { hours: fmtScore(d.medianResponseHours) })),
    },
    {
      key: 'hazards',
      title: t('reports.colHazards'),
      align: 'right',
      render: (_, d) => t('reports.hazardsClosed', { onTime: d.hazardsClosedOnTime, closed: d.hazardsClosed }),
    },
    { key: 'training', title: t('reports.colTraining'), align: 'right', render: (_, d) => pct(d.trainingParticipation) ?? none },
    {
      key: 'score',
      title: t('reports.colScore'),
      align: 'right',
      render: (_, d) => (d.collaborationScore === null ? none : <Typography.Text strong>{fmtScore(d.collaborationScore)}</Typography.Text>),
    },
  ];

  return (
    <PageCard
      title={t('reports.collaborationTitle')}
      testId="reports"
      actions={
        <>
          <Input
            type="month"
            aria-label={t('reports.month')}
            prefix={t('reports.month')}
            value={period}
            max={groupMonth()}
            onChange={(e) => MONTH_RE.test(e.target.value) && setSearchParams({ period: e.target.value === groupMonth() ? null : e.target.value })}
            style={{ width: 220 }}
            data-testid="report-month"
          />
          <Button loading={downloading === 'xlsx'} onClick={() => void download('xlsx')} data-testid="report-download-xlsx">
            {t('reports.downloadXlsx')}
          </Button>
          <Button loading={downloading === 'csv'} onClick={() => void download('csv')} data-testid="report-download-csv">
            {t('reports.downloadCsv')}
          </Button>
        </>
      }
    >
      <Typography.Paragraph type="secondary">{t('reports.collaborationHint')}</Typography.Paragraph>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="report-summary">
        <Col xs={12} md={6}>
          <Statistic title={t('reports.statDepartments')} value={report ? items.length : '–'} loading={!report && !failed} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('reports.statHandoffs')} value={report ? sum((d) => d.handoffsReceived) : '–'} loading={!report && !failed} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('reports.statOnTime')}
            value={report && done ? (pct(sum((d) => d.completedOnTime) / done) ?? '–') : '–'}
            loading={!report && !failed}
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('reports.statHazards')}
            value={report ? t('reports.hazardsClosed', { onTime: sum((d) => d.hazardsClosedOnTime), closed: sum((d) => d.hazardsClosed) }) : '–'}
            loading={!report && !failed}
          />
        </Col>
      </Row>
      {failed && <Alert type="error" showIcon title={failed} style={{ marginBottom: 12 }} data-testid="report-error" />}
      <Table<CollaborationRow>
        rowKey="departmentId"
        size="middle"
        data-testid="report-table"
        data-period={report?.period}
        columns={columns}
        dataSource={items}
        loading={!report && !failed}
        pagination={false}
        onRow={(d) => testId(`report-row-${d.departmentName}`, { received: d.handoffsReceived })}
        locale={{ emptyText: t('reports.empty') }}
        scroll={{ x: 1400 }}
      />
    </PageCard>
  );
}
