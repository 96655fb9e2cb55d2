import { Alert, App, Button, Card, Checkbox, Input, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, recordTrainingResults, type PersonRef, type TrainingDetail, type TrainingParticipantView } from '../../shared/api';
import { ImportFileButton } from '../../shared/components/ImportFileButton';
import { PeoplePicker } from '../../shared/components/PeoplePicker';
import { absoluteTime } from '../../shared/format';
import { useErrorText } from '../../shared/hooks';
import { TRAINER_ROLES } from '../../routes';
import { hasRole, useSession } from '../../shared/session';
import { testId } from '../../shared/testIds';
import { ATTENDANCE_COLUMNS } from './TrainingListPage';
import { CardTable } from '../../shared/components/CardTable';

interface Draft {
  attended: boolean | null;
  passed: boolean | null;
  remark: string;
}

type Row = Pick<TrainingParticipantView, 'personId' | 'name' | 'employeeNo'> & Partial<TrainingParticipantView>;

const draftOf = (p: TrainingParticipantView): Draft => ({ attended: p.attended, passed: p.passed, remark: p.remark ?? '' });

/**
 * Who was enrolled, who attended and passed; organisers record or correct results in the table,
 * add walk-ins, or import an attendance file. A changed result a published assessment already
 * counts is refused (409) and the message shown.
 */
export function TrainingResultsCard({ training: d, onChanged: load }: { training: TrainingDetail; onChanged: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { user } = useSession();
  const [drafts, setDrafts] = useState<Map<string, Draft> | null>(null);
  const [walkIns, setWalkIns] = useState<PersonRef[]>([]);
  const [walkInPicked, setWalkInPicked] = useState<PersonRef[]>([]);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const canRecord = hasRole(user, ...TRAINER_ROLES);

  const editing = drafts !== null;
  const startEditing = () => {
    setDrafts(new Map(d.participantList.map((p) => [p.personId, draftOf(p)])));
    setWalkIns([]);
    setWalkInPicked([]);
    setSaveError(null);
  };
  const stopEditing = () => {
    setDrafts(null);
    setSaveError(null);
  };
  const change = (personId: string, patch: Partial<Draft>) =>
    setDrafts((m) => {
      const next = new Map(m ?? []);
      const was = next.get(personId) ?? { attended: null, passed: null, remark: '' };
      const merged = { ...was, ...patch };
      if (merged.attended === false) merged.passed = false; // absent: not passed
      if (merged.attended && merged.passed === null) merged.passed = false;
      next.set(personId, merged);
      return next;
    });

  const save = async () => {
    if (!drafts) return;
    const results = [...drafts]
      .filter(([, v]) => v.attended !== null)
      .map(([personId, v]) => ({ personId, attended: v.attended!, passed: !!v.attended && !!v.passed, remark: v.remark.trim() || null }));
    if (!results.length) {
      setSaveError(t('trainings.nothingToSave'));
      return;
    }
    setSaving(true);
    setSaveError(null);
    try {
      const r = await recordTrainingResults(d.id, results);
      void message.success(t('trainings.saved', { recorded: r.recorded, corrected: r.corrected, unchanged: r.unchanged }));
      setDrafts(null);
      await load();
    } catch (err) {
      setSaveError(err instanceof ApiError && err.status === 400 && err.details.length ? err.details.map((x) => x.message).join(' ') : errorText(err));
    } finally {
      setSaving(false);
    }
  };

  const rows: Row[] = [
    ...d.participantList,
    ...walkIns.filter((w) => !d.participantList.some((p) => p.personId === w.id)).map((w) => ({ personId: w.id, name: w.name, employeeNo: w.employeeNo })),
  ];
  const yesNo = (v: boolean | null | undefined, yes: string, no: string, testIdName: string) =>
    v === null || v === undefined ? (
      <Typography.Text type="secondary" data-testid={testIdName} data-value="">
        {t('trainings.notRecorded')}
      </Typography.Text>
    ) : (
      <Tag color={v ? 'green' : 'red'} data-testid={testIdName} data-value={String(v)}>
        {v ? yes : no}
      </Tag>
    );

  const columns: TableColumnsType<Row> = [
    {
      key: 'person',
      title: t('trainings.colPerson'),
      render: (_, p) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text>{p.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {p.employeeNo}
            {!p.recordedAt && p.attended === undefined && ` · ${t('trainings.walkIn')}`}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'attended',
      title: t('trainings.colAttended'),
      render: (_, p) => {
        if (!editing) return yesNo(p.attended, t('trainings.attended'), t('trainings.absent'), 'result-attended');
        const v = drafts.get(p.personId);
        return (
          <Checkbox
            checked={!!v?.attended}
            indeterminate={v?.attended === null || v === undefined}
            onChange={(e) => change(p.personId, { attended: e.target.checked })}
            data-testid="edit-attended"
          >
            {t('trainings.attended')}
          </Checkbox>
        );
      },
    },
    {
      key: 'passed',
      title: t('trainings.colPassed'),
      render: (_, p) => {
        if (!editing) return yesNo(p.passed, t('trainings.passed'), t('trainings.failed'), 'result-passed');
        const v = drafts.get(p.personId);
        return (
          <Checkbox checked={!!v?.passed} disabled={!v?.attended} onChange={(e) => change(p.personId, { passed: e.target.checked })} data-testid="edit-passed">
            {t('trainings.passed')}
          </Checkbox>
        );
      },
    },
    {
      key: 'remark',
      title: t('trainings.colRemark'),
      render: (_, p) =>
        editing ? (
          <Input
            size="small"
            maxLength={1000}
            value={drafts.get(p.personId)?.remark ?? ''}
            onChange={(e) => change(p.personId, { remark: e.target.value })}
            data-testid="edit-remark"
          />
        ) : (
          (p.remark ?? <Typography.Text type="secondary">{t('common.none')}</Typography.Text>)
        ),
    },
    {
      key: 'recorded',
      title: t('trainings.colRecorded'),
      render: (_, p) =>
        p.recordedAt ? (
          <Space orientation="vertical" size={0}>
            <Typography.Text style={{ fontSize: 12 }}>{absoluteTime(p.recordedAt, i18n.language)}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {p.recordedBy}
              {p.fact && ` · ${t('trainings.factValue', { value: p.fact.value ?? '—' })}`}
            </Typography.Text>
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
        ),
    },
  ];
  return (
    <Card
      title={t('trainings.results')}
      size="small"
      data-testid="training-results"
      extra={
        canRecord && (
          <Space wrap>
            {!editing && (
              <ImportFileButton
                path="/api/trainings/import"
                title={t('trainings.importTitle')}
                columns={ATTENDANCE_COLUMNS}
                onImported={() => void load()}
                testIdPrefix="training"
              />
            )}
            {!editing ? (
              <Button type="primary" onClick={startEditing} data-testid="training-record-results">
                {t('trainings.recordResults')}
              </Button>
            ) : (
              <>
                <Button onClick={stopEditing} data-testid="training-results-cancel">
                  {t('common.cancel')}
                </Button>
                <Button type="primary" loading={saving} onClick={() => void save()} data-testid="training-results-save">
                  {t('trainings.saveResults')}
                </Button>
              </>
            )}
          </Space>
        )
      }
    >
      {editing && (
        <Space orientation="vertical" style={{ width: '100%', marginBottom: 12 }}>
          <Typography.Text type="secondary">{t('trainings.recordHint')}</Typography.Text>
          <Space.Compact style={{ width: '100%', maxWidth: 640 }}>
            <div style={{ flex: 1 }}>
              <PeoplePicker value={walkInPicked.map((p) => p.id)} onChange={(_ids, people) => setWalkInPicked(people)} testId="training-walk-ins" />
            </div>
            <Button
              disabled={!walkInPicked.length}
              onClick={() => {
                setWalkIns((w) => [...w, ...walkInPicked.filter((p) => !w.some((x) => x.id === p.id))]);
                for (const p of walkInPicked) if (!drafts?.get(p.id)) change(p.id, { attended: true, passed: true });
                setWalkInPicked([]);
              }}
              data-testid="training-walk-ins-add"
            >
              {t('trainings.addWalkIns')}
            </Button>
          </Space.Compact>
        </Space>
      )}
      {saveError && <Alert type="error" showIcon title={saveError} style={{ marginBottom: 12 }} data-testid="training-results-error" />}
      <CardTable<Row>
        rowKey="personId"
        columns={columns}
        dataSource={rows}
        pageSize={50}
        onRow={(p) => ({ ...testId(`participant-${p.employeeNo}`), 'data-attended': String(p.attended ?? ''), 'data-passed': String(p.passed ?? '') }) as never}
        emptyText={t('trainings.noParticipants')}
        data-testid="training-results-table"
      />
    </Card>
  );
}
