import { App, Button, Col, Grid, Space, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TwoLines } from '../../shared/components/Cells';
import { FilterSelect, UnitFilter } from '../../shared/components/ListFilters';
import { ListPageCard } from '../../shared/components/ListPageCard';
import { SearchFilter } from '../../shared/components/SearchFilter';
import { LabelTag } from '../../shared/components/Tags';
import { hasRole, useSession } from '../../shared/session';
import { testId } from '../../shared/testIds';
import { matching, pick, useListPage } from '../../shared/useListPage';
import { UUID_RE } from '../hazards/hazard';
import { CERTIFICATE_COLUMNS, CERTIFICATE_TYPES, listCertificates, type CertificateFilter, type CertificateStatus, type CertificateView } from './api';
import { CertificateModal, RevokeModal } from './CertificateModal';

const POLL_MS = 60_000;

/** Who keeps the register (the API's CERTIFICATE_MANAGERS). */
export const CERTIFICATE_MANAGER_ROLES = ['safety_officer', 'hr', 'admin'] as const;

const STATUS_COLORS: Record<CertificateStatus, string> = { valid: 'green', expiring: 'orange', expired: 'red', revoked: 'default' };

/** The "show" choice and the API filters it stands for. */
const STATES = {
  expiring30: { expiringWithinDays: '30', expired: null, revoked: null },
  expiring90: { expiringWithinDays: '90', expired: null, revoked: null },
  expired: { expiringWithinDays: null, expired: 'true', revoked: 'false' },
  revoked: { expiringWithinDays: null, expired: null, revoked: 'true' },
  current: { expiringWithinDays: null, expired: null, revoked: 'false' },
} as const;
type State = keyof typeof STATES;
const STATE_KEYS = Object.keys(STATES) as State[];

const stateOf = (f: CertificateFilter): State | undefined =>
  STATE_KEYS.find((k) => {
    const s = STATES[k];
    return String(f.expiringWithinDays ?? null) === String(s.expiringWithinDays) && (f.expired ?? null) === s.expired && (f.revoked ?? null) === s.revoked;
  });

const certificateFilter = (search: URLSearchParams): CertificateFilter => {
  const days = Number(search.get('expiringWithinDays'));
  const flag = (name: string) => pick(['true', 'false'] as const, search.get(name));
  return {
    personId: matching(search, 'personId', UUID_RE),
    orgUnitId: matching(search, 'orgUnitId', UUID_RE),
    type: pick(CERTIFICATE_TYPES, search.get('type')),
    expiringWithinDays: search.get('expiringWithinDays') && Number.isInteger(days) && days >= 0 ? days : undefined,
    expired: flag('expired'),
    revoked: flag('revoked'),
    q: search.get('q') || undefined,
  };
};

/** "in 25 days", "3 days ago", as a certificate's expiry stands today. */
function DaysLeft({ c }: { c: CertificateView }) {
  const { t } = useTranslation();
  if (c.daysLeft === null) return null;
  const text =
    c.daysLeft > 0
      ? t('certificates.daysLeft', { count: c.daysLeft })
      : c.daysLeft === 0
        ? t('certificates.expiresToday')
        : t('certificates.expiredAgo', { count: -c.daysLeft });
  return (
    <Typography.Text type={c.status === 'valid' ? 'secondary' : c.status === 'expiring' ? 'warning' : 'danger'} style={{ fontSize: 12 }}>
      {text}
    </Typography.Text>
  );
}

/** The certificate's status (and, revoked, why), with the days left while it runs. */
function StatusTag({ c }: { c: CertificateView }) {
  return (
    <Space orientation="vertical" size={0}>
      <Space size={4} wrap>
        <LabelTag value={c.status} labels="certificates.status" colors={STATUS_COLORS} testId={`certificate-status-${c.id}`} />
        {c.status !== 'revoked' && <DaysLeft c={c} />}
      </Space>
      {c.revokedReason && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {c.revokedReason}
        </Typography.Text>
      )}
    </Space>
  );
}

/**
 * The certificates register (特种作业操作证 and others): the certificates the user may see (their
 * own; department heads their unit's; the safety hub, HR and admins their scope) with expiry tags,
 * filters in the URL, and for the keepers add, correct, revoke and the Excel import.
 */
export function CertificatesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const keeper = hasRole(user, ...CERTIFICATE_MANAGER_ROLES);
  // On a phone the type cell also carries the status and the expiry (their columns are left out).
  const narrow = !Grid.useBreakpoint().md;
  const list = useListPage({ name: 'certificates', filter: certificateFilter, load: listCertificates, pollMs: POLL_MS });
  const { filter } = list;
  const [editing, setEditing] = useState<CertificateView | 'new' | null>(null);
  const [revoking, setRevoking] = useState<CertificateView | null>(null);
  const set = (name: string, value: string | null | undefined) => list.setFilter({ [name]: value });

  const columns: TableColumnsType<CertificateView> = [
    {
      key: 'holder',
      title: t('certificates.colHolder'),
      render: (_, c) => <TwoLines strong main={`${c.personName} (${c.employeeNo})`} sub={c.orgUnitName} />,
    },
    {
      key: 'type',
      title: t('certificates.colType'),
      render: (_, c) =>
        narrow ? (
          <TwoLines main={t(`certificates.types.${c.type}`)} sub={`${c.number} · ${c.expiresOn ?? t('certificates.noExpiry')}`}>
            <StatusTag c={c} />
          </TwoLines>
        ) : (
          <TwoLines main={t(`certificates.types.${c.type}`)} sub={c.number} />
        ),
    },
    { key: 'issued', title: t('certificates.colIssued'), dataIndex: 'issuedOn', responsive: ['md'] },
    {
      key: 'expiry',
      title: t('certificates.colExpiry'),
      render: (_, c) => c.expiresOn ?? t('certificates.noExpiry'),
      responsive: ['md'],
    },
    { key: 'review', title: t('certificates.colReview'), render: (_, c) => c.reviewOn ?? t('common.none'), responsive: ['lg'] },
    {
      key: 'status',
      title: t('certificates.colStatus'),
      render: (_, c) => <StatusTag c={c} />,
      responsive: ['md'],
    },
    ...(keeper
      ? [
          {
            key: 'actions',
            title: t('certificates.colActions'),
            render: (_: unknown, c: CertificateView) =>
              c.status === 'revoked' ? null : (
                <Space wrap size={4}>
                  <Button size="small" onClick={() => setEditing(c)} data-testid={`certificate-edit-${c.id}`}>
                    {t('certificates.edit')}
                  </Button>
                  <Button size="small" danger onClick={() => setRevoking(c)} data-testid={`certificate-revoke-${c.id}`}>
                    {t('certificates.revoke')}
                  </Button>
                </Space>
              ),
          },
        ]
      : []),
  ];

  return (
    <ListPageCard<CertificateView>
      title={t('certificates.title')}
      testId="certificates"
      refreshTestId="certificates-refresh"
      importFile={
        keeper && { path: '/api/certificates/import', title: t('certificates.importTitle'), columns: CERTIFICATE_COLUMNS, testIdPrefix: 'certificates' }
      }
      add={keeper && { label: t('certificates.add'), testId: 'certificate-new', onClick: () => setEditing('new') }}
      before={<Typography.Paragraph type="secondary">{t('certificates.hint')}</Typography.Paragraph>}
      filtersTestId="certificate-filters"
      filters={
        <>
          <SearchFilter field={list.field('q')} span={[24, 8, 6]} placeholder={t('certificates.filterQ')} testId="certificate-filter-q" />
          <Col xs={12} md={8} xl={5}>
            <FilterSelect
              placeholder={t('certificates.filterType')}
              value={filter.type}
              onChange={(v) => set('type', v)}
              values={CERTIFICATE_TYPES}
              labels="certificates.types"
              testId="certificate-filter-type"
            />
          </Col>
          <Col xs={12} md={8} xl={5}>
            <FilterSelect<State>
              placeholder={t('certificates.filterState')}
              value={stateOf(filter)}
              onChange={(v) => list.setFilter(v ? STATES[v] : { expiringWithinDays: null, expired: null, revoked: null })}
              values={STATE_KEYS}
              labels="certificates.state"
              testId="certificate-filter-state"
            />
          </Col>
          <Col xs={24} md={8} xl={6}>
            <UnitFilter value={filter.orgUnitId} onChange={(v) => set('orgUnitId', v)} placeholder={t('certificates.filterUnit')} />
          </Col>
        </>
      }
      list={list}
      ids="certificates"
      texts={{ empty: 'certificates.empty', total: 'certificates.listTotal' }}
      columns={columns}
      onRow={(c) => testId(`certificate-row-${c.id}`, { status: c.status, number: c.number })}
      scroll={narrow ? undefined : { x: 640 }}
    >
      {editing && (
        <CertificateModal
          certificate={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void list.refresh();
          }}
        />
      )}
      {revoking && (
        <RevokeModal
          certificate={revoking}
          onClose={() => setRevoking(null)}
          onRevoked={(permits) => {
            setRevoking(null);
            void message.success(permits ? t('certificates.revokedPermits', { count: permits }) : t('certificates.revoked'));
            void list.refresh();
          }}
        />
      )}
    </ListPageCard>
  );
}
