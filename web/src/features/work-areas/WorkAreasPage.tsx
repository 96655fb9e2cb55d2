import { App, Button, Col, Popover, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../router';
import { FilterSelect, UnitFilter } from '../../shared/components/ListFilters';
import { ListPageCard } from '../../shared/components/ListPageCard';
import { SearchFilter } from '../../shared/components/SearchFilter';
import { LabelTag } from '../../shared/components/Tags';
import { hasRole, useSession } from '../../shared/session';
import { testId } from '../../shared/testIds';
import { useErrorText } from '../../shared/hooks';
import { matching, pick, useListPage } from '../../shared/useListPage';
import { UUID_RE } from '../hazards/hazard';
import { listWorkAreas, updateWorkArea, type WorkAreaFilter, type WorkAreaNode, type WorkAreaView } from './api';
import { QrImage } from './QrImage';
import { WorkAreaModal } from './WorkAreaModal';

const POLL_MS = 60_000;

/** Who keeps the work areas (the API's WORK_AREA_WRITERS; department heads in their scope). */
export const WORK_AREA_WRITER_ROLES = ['safety_officer', 'admin', 'department_head'] as const;

const ACTIVE = ['true', 'false', 'all'] as const;

const workAreaFilter = (search: URLSearchParams): WorkAreaFilter => ({
  orgUnitId: matching(search, 'orgUnitId', UUID_RE),
  active: pick(ACTIVE, search.get('active')) ?? 'true',
  q: search.get('q') || undefined,
});

type Editing = { area: WorkAreaView | null; parent: WorkAreaView | null };

/** Work areas with the equipment in them (a tree), their QR codes, and for the keepers add, change and (de)activate. */
export function WorkAreasPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  const { user } = useSession();
  const keeper = hasRole(user, ...WORK_AREA_WRITER_ROLES);
  const list = useListPage({ name: 'work-areas', filter: workAreaFilter, load: listWorkAreas, pollMs: POLL_MS });
  const { filter } = list;
  const [editing, setEditing] = useState<Editing | null>(null);
  /** Areas folded by the user; the others show their equipment. */
  const [folded, setFolded] = useState<ReadonlySet<string>>(new Set());
  const expanded = (list.data?.items ?? []).filter((a) => a.equipment.length && !folded.has(a.id)).map((a) => a.id);
  const set = (name: string, value: string | null | undefined) => list.setFilter({ [name]: value });

  const setActive = (a: WorkAreaView, active: boolean) => {
    const run = async () => {
      try {
        await updateWorkArea(a.id, { active });
        await list.refresh();
      } catch (err) {
        void message.error(errorText(err));
      }
    };
    if (active) void run();
    else modal.confirm({ title: t('workAreas.deactivateConfirm', { code: a.code }), okButtonProps: { danger: true }, onOk: run });
  };

  const columns: TableColumnsType<WorkAreaNode | WorkAreaView> = [
    {
      key: 'code',
      title: t('workAreas.colCode'),
      render: (_, a) => (
        <Space size={4} wrap>
          <Typography.Text strong={a.kind === 'area'} code>
            {a.code}
          </Typography.Text>
          <Popover content={<QrImage code={a.code} />} trigger="click" title={a.url}>
            <Button size="small" type="link" data-testid={`work-area-qr-button-${a.code}`}>
              {t('workAreas.qr')}
            </Button>
          </Popover>
        </Space>
      ),
    },
    { key: 'name', title: t('workAreas.colName'), dataIndex: 'name' },
    { key: 'kind', title: t('workAreas.colKind'), render: (_, a) => <LabelTag value={a.kind} labels="workAreas.kind" />, responsive: ['md'] },
    { key: 'unit', title: t('workAreas.colUnit'), dataIndex: 'orgUnitName', responsive: ['sm'] },
    {
      key: 'active',
      title: t('workAreas.colActive'),
      render: (_, a) => <Tag color={a.active ? 'green' : 'default'}>{t(`workAreas.active.${a.active ? 'true' : 'false'}`)}</Tag>,
    },
    ...(keeper
      ? [
          {
            key: 'actions',
            title: t('workAreas.colActions'),
            render: (_: unknown, a: WorkAreaView) => (
              <Space wrap size={4}>
                <Button size="small" onClick={() => setEditing({ area: a, parent: null })} data-testid={`work-area-edit-${a.code}`}>
                  {t('workAreas.edit')}
                </Button>
                {a.kind === 'area' && a.active && (
                  <Button size="small" onClick={() => setEditing({ area: null, parent: a })} data-testid={`work-area-add-equipment-${a.code}`}>
                    {t('workAreas.addEquipment')}
                  </Button>
                )}
                <Button size="small" danger={a.active} onClick={() => setActive(a, !a.active)} data-testid={`work-area-active-${a.code}`}>
                  {a.active ? t('workAreas.deactivate') : t('workAreas.reactivate')}
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <ListPageCard<WorkAreaNode | WorkAreaView>
      title={t('workAreas.title')}
      testId="work-areas"
      refreshTestId="work-areas-refresh"
      actions={
        <Button onClick={() => navigate('/work-areas/codes')} data-testid="work-areas-print">
          {t('workAreas.printCodes')}
        </Button>
      }
      add={keeper && { label: t('workAreas.addArea'), testId: 'work-area-new', onClick: () => setEditing({ area: null, parent: null }) }}
      before={<Typography.Paragraph type="secondary">{t('workAreas.hint')}</Typography.Paragraph>}
      filtersTestId="work-area-filters"
      filters={
        <>
          <SearchFilter field={list.field('q')} span={[24, 8, 8]} placeholder={t('workAreas.filterQ')} testId="work-area-filter-q" />
          <Col xs={12} md={8}>
            <UnitFilter value={filter.orgUnitId} onChange={(v) => set('orgUnitId', v)} placeholder={t('workAreas.filterUnit')} />
          </Col>
          <Col xs={12} md={8}>
            <FilterSelect
              placeholder={t('workAreas.filterActive')}
              value={filter.active}
              onChange={(v) => set('active', v === 'true' ? null : v)}
              values={ACTIVE}
              labels="workAreas.active"
              testId="work-area-filter-active"
            />
          </Col>
        </>
      }
      list={list}
      ids="work-areas"
      texts={{ empty: 'workAreas.empty', total: 'workAreas.listTotal' }}
      columns={columns}
      childrenColumnName="equipment"
      expandable={{
        expandedRowKeys: expanded,
        onExpand: (open, a) => setFolded((f) => new Set([...f].filter((x) => x !== a.id).concat(open ? [] : [a.id]))),
      }}
      onRow={(a) => testId(`work-area-row-${a.code}`, { kind: a.kind, active: a.active })}
      scroll={{ x: 560 }}
    >
      {editing && (
        <WorkAreaModal
          area={editing.area}
          parent={editing.parent}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void list.refresh();
          }}
        />
      )}
    </ListPageCard>
  );
}
