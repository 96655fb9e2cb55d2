import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ApiError,
  approveRuleset,
  createRulesetDraft,
  diffRulesets,
  DIMENSIONS,
  fetchRuleset,
  listCycles,
  listRulesets,
  saveRulesetDraft,
  SUBJECT_TYPES,
  validateRulesetDocument,
  whatIfRuleset,
  type CycleSummary,
  type RulesetChange,
  type RulesetDocument,
  type RulesetIssue,
  type RulesetSummary,
  type RulesetVersion,
  type SubjectType,
  type WhatIfDifference,
  type WhatIfResult,
} from '../../shared/api';
import { findUnitName, useOrgTree } from '../../shared/components/OrgUnitSelect';
import { RatingTag, RulesetStatusTag } from '../scores/ScoreTags';
import { useScoringNames } from '../scores/scoringNames';
import { absoluteTime } from '../../shared/format';
import { useErrorText } from '../../shared/hooks';
import { useLabel } from '../../i18n';
import { setSearchParams, useLocation } from '../../router';
import { CYCLE_ROLES, fmtScore, fmtSigned, RULESET_APPROVERS, RULESET_AUTHORS } from '../scores/scoring';
import { hasRole, useSession } from '../../shared/session';
import { testId } from '../../shared/testIds';

const VIEWS = ['form', 'json', 'diff', 'whatif'] as const;
type View = (typeof VIEWS)[number];
const RED = '#cf1322';
const GREEN = '#389e0d';
const MONO = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 } as const;

type Path = string[];
const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const getAt = (doc: unknown, path: Path): unknown => path.reduce<unknown>((o, k) => (isObj(o) ? o[k] : undefined), doc);
const numAt = (doc: unknown, path: Path): number | null => {
  const v = getAt(doc, path);
  return typeof v === 'number' ? v : null;
};
/** A copy of `doc` with `path` set to `value` (undefined removes the key). */
function setAt(doc: RulesetDocument, path: Path, value: unknown): RulesetDocument {
  const copy = structuredClone(doc);
  let o: Record<string, unknown> = copy;
  for (const k of path.slice(0, -1)) {
    if (!isObj(o[k])) o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (value === undefined) delete o[last];
  else o[last] = value;
  return copy;
}
const pretty = (doc: unknown) => JSON.stringify(doc, null, 2);
/** Issues of a save (`body.document.<path>`) in the document's own paths. */
const documentIssues = (err: ApiError): RulesetIssue[] => err.details.map((d) => ({ path: d.path.replace(/^body\.document\.?/, ''), message: d.message }));

/** Scoring rulesets as versioned data: the versions, one version in a form and as JSON, validate, save, diff, approve, what-if. */
export function RulesetsPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { search } = useLocation();
  const [items, setItems] = useState<RulesetSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    try {
      setItems((await listRulesets()).items);
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  };
  // Once; saves reload the list themselves.
  useEffect(() => {
    void load();
  }, []);

  const asked = Number(search.get('version')) || null;
  const selected = items?.find((r) => r.version === asked) ?? items?.find((r) => r.status === 'published') ?? items?.[0] ?? null;

  const columns: TableColumnsType<RulesetSummary> = [
    { key: 'version', title: t('rulesets.colVersion'), render: (_, r) => <Typography.Text strong>v{r.version}</Typography.Text> },
    { key: 'status', title: t('rulesets.colStatus'), render: (_, r) => <RulesetStatusTag status={r.status} /> },
    {
      key: 'note',
      title: t('rulesets.colNote'),
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text ellipsis={{ tooltip: r.note }} style={{ maxWidth: 220 }}>
            {r.note}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.createdBy}
            {r.basedOn ? ` · ${t('rulesets.basedOn', { version: r.basedOn })}` : ''}
          </Typography.Text>
        </Space>
      ),
    },
  ];

  return (
    <Row gutter={[16, 16]} data-testid="rulesets">
      <Col xs={24} xl={7}>
        <Card
          title={t('rulesets.title')}
          size="small"
          extra={
            <Button size="small" onClick={() => void load()}>
              {t('common.refresh')}
            </Button>
          }
        >
          {error && <Typography.Paragraph type="danger">{error}</Typography.Paragraph>}
          <Table<RulesetSummary>
            rowKey="version"
            size="small"
            columns={columns}
            dataSource={items ?? []}
            loading={!items && !error}
            pagination={false}
            data-testid="ruleset-table"
            onRow={(r) =>
              ({
                ...testId(`ruleset-row-${r.version}`),
                onClick: () => setSearchParams({ version: String(r.version) }),
                style: { cursor: 'pointer', background: r.version === selected?.version ? '#e6f4ff' : undefined },
              }) as never
            }
          />
        </Card>
        <RulesetHelp />
      </Col>
      <Col xs={24} xl={17}>
        {selected ? (
          <RulesetEditor key={selected.version} summary={selected} all={items ?? []} onSaved={load} />
        ) : items ? (
          <Empty description={t('rulesets.empty')} />
        ) : (
          <Spin />
        )}
      </Col>
    </Row>
  );
}

/** What the default rules give in plain cases: the literal examples the engine's tests hold. */
const HELP_EXAMPLES = ['helpNoFacts', 'helpFailedTraining', 'helpOverdue', 'helpTwoOverdue', 'helpInspection', 'helpDeclarations'] as const;

function RulesetHelp() {
  const { t } = useTranslation();
  return (
    <Card title={t('rulesets.helpTitle')} size="small" style={{ marginTop: 16 }} data-testid="ruleset-help">
      <Typography.Paragraph>{t('rulesets.helpIntro')}</Typography.Paragraph>
      <ul style={{ paddingInlineStart: 20 }}>
        {HELP_EXAMPLES.map((k) => (
          <li key={k} data-testid={`ruleset-help-${k}`}>
            {t(`rulesets.${k}`)}
          </li>
        ))}
      </ul>
      <Typography.Paragraph>{t('rulesets.helpDepartments')}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('rulesets.approveGroup')}</Typography.Paragraph>
    </Card>
  );
}

function RulesetEditor({ summary, all, onSaved }: { summary: RulesetSummary; all: RulesetSummary[]; onSaved: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { user } = useSession();
  const { search } = useLocation();
  const view: View = VIEWS.find((v) => v === search.get('view')) ?? 'form';
  const [version, setVersion] = useState<RulesetVersion | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [issues, setIssues] = useState<RulesetIssue[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'saveAs' | 'approve' | null>(null);

  useEffect(() => {
    let live = true;
    fetchRuleset(summary.version).then(
      (v) => {
        if (!live) return;
        setVersion(v);
        setText(pretty(v.document));
      },
      (err: unknown) => live && setLoadError(errorText(err)),
    );
    return () => {
      live = false;
    };
  }, [summary.version, summary.status, errorText]);

  const parsed = useMemo((): { doc: RulesetDocument } | { error: string } => {
    try {
      const doc: unknown = JSON.parse(text || 'null');
      return isObj(doc) ? { doc } : { error: t('rulesets.notAnObject') };
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
  }, [text, t]);

  if (loadError) return <Alert type="error" showIcon title={loadError} />;
  if (!version) return <Spin size="large" style={{ display: 'block', margin: '64px auto' }} />;

  const draft = version.status === 'draft';
  const author = hasRole(user, ...RULESET_AUTHORS);
  const approver = hasRole(user, ...RULESET_APPROVERS);
  const ownDraft = version.createdBy === user.username || version.updatedBy === user.username;
  const dirty = text !== pretty(version.document);
  const doc = 'doc' in parsed ? parsed.doc : null;

  const validate = async () => {
    if (!doc) return;
    setBusy('validate');
    try {
      const r = await validateRulesetDocument(doc);
      setIssues(r.issues);
      if (r.ok) void message.success(t('rulesets.valid'));
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  /** Runs a save; a 400 shows the document's issues with their paths. */
  const saving = async (key: string, run: () => Promise<RulesetVersion>, done: (saved: RulesetVersion) => string): Promise<RulesetVersion | null> => {
    setBusy(key);
    try {
      const saved = await run();
      setIssues(null);
      void message.success(done(saved));
      return saved;
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.details.length) setIssues(documentIssues(err));
      else void message.error(errorText(err));
      return null;
    } finally {
      setBusy(null);
    }
  };

  const saveDraft = async () => {
    if (!doc) return;
    const saved = await saving(
      'save',
      () => saveRulesetDraft(version.version, doc),
      () => t('rulesets.saved'),
    );
    if (saved) {
      setVersion(saved);
      setText(pretty(saved.document));
      await onSaved();
    }
  };

  const saveAs = async (note: string) => {
    if (!doc) return;
    const saved = await saving(
      'saveAs',
      () => createRulesetDraft(doc, note, version.version),
      (v) => t('rulesets.createdDone', { version: v.version }),
    );
    if (saved) {
      setDialog(null);
      await onSaved();
      setSearchParams({ version: String(saved.version), view: null });
    }
  };

  const approve = async (note: string) => {
    const saved = await saving(
      'approve',
      () => approveRuleset(version.version, note),
      (v) => t('rulesets.approved', { version: v.version }),
    );
    if (saved) {
      setDialog(null);
      setVersion(saved);
      setText(pretty(saved.document));
      await onSaved();
    }
  };

  const editable = author;
  const tabs = [
    {
      key: 'form',
      label: <span data-testid="ruleset-view-form">{t('rulesets.viewForm')}</span>,
      children: doc ? (
        <RulesetForm doc={doc} issues={issues ?? []} readOnly={!editable} onChange={(d) => setText(pretty(d))} />
      ) : (
        <Alert type="warning" showIcon title={t('rulesets.jsonBroken')} />
      ),
    },
    {
      key: 'json',
      label: <span data-testid="ruleset-view-json">{t('rulesets.viewJson')}</span>,
      children: (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {'error' in parsed && <Alert type="error" showIcon title={t('rulesets.jsonError', { error: parsed.error })} data-testid="ruleset-json-error" />}
          <Input.TextArea
            value={text}
            onChange={(e) => setText(e.target.value)}
            readOnly={!editable}
            spellCheck={false}
            autoSize={{ minRows: 20, maxRows: 40 }}
            style={MONO}
            data-testid="ruleset-json"
          />
        </Space>
      ),
    },
    { key: 'diff', label: <span data-testid="ruleset-view-diff">{t('rulesets.viewDiff')}</span>, children: <DiffView version={version.version} all={all} /> },
    ...(draft && hasRole(user, ...CYCLE_ROLES, 'safety_officer')
      ? [
          {
            key: 'whatif',
            label: <span data-testid="ruleset-view-whatif">{t('rulesets.viewWhatIf')}</span>,
            children: <WhatIfView version={version.version} dirty={dirty} />,
          },
        ]
      : []),
  ];

  const approveButton = (
    <Button onClick={() => setDialog('approve')} disabled={ownDraft || dirty} data-testid="ruleset-approve">
      {t('rulesets.approve')}
    </Button>
  );
  return (
    <Card
      data-testid="ruleset-editor"
      data-version={version.version}
      title={
        <Space wrap size={[8, 4]}>
          <span>{t('rulesets.version', { version: version.version })}</span>
          <RulesetStatusTag status={version.status} />
          {dirty && (
            <Tag color="orange" data-testid="ruleset-dirty">
              {t('rulesets.unsaved')}
            </Tag>
          )}
        </Space>
      }
      extra={
        <Space wrap size="small">
          <Button onClick={() => void validate()} loading={busy === 'validate'} disabled={!doc} data-testid="ruleset-validate">
            {t('rulesets.validate')}
          </Button>
          {author && draft && (
            <Button type="primary" onClick={() => void saveDraft()} loading={busy === 'save'} disabled={!doc || !dirty} data-testid="ruleset-save">
              {t('rulesets.saveDraft')}
            </Button>
          )}
          {author && (
            <Button type={draft ? 'default' : 'primary'} onClick={() => setDialog('saveAs')} disabled={!doc} data-testid="ruleset-save-as">
              {t('rulesets.saveAs')}
            </Button>
          )}
          {draft &&
            approver &&
            (ownDraft || dirty ? <Tooltip title={ownDraft ? t('rulesets.approveOwn') : t('rulesets.approveDirty')}>{approveButton}</Tooltip> : approveButton)}
          {dirty && (
            <Button onClick={() => setText(pretty(version.document))} data-testid="ruleset-reset">
              {t('rulesets.reset')}
            </Button>
          )}
        </Space>
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('rulesets.note')}>{version.note}</Descriptions.Item>
        <Descriptions.Item label={t('rulesets.created')}>
          {version.createdBy} · {absoluteTime(version.createdAt, i18n.language)}
          {version.basedOn ? ` · ${t('rulesets.basedOn', { version: version.basedOn })}` : ''}
        </Descriptions.Item>
        {version.updatedBy !== version.createdBy && <Descriptions.Item label={t('rulesets.updatedBy')}>{version.updatedBy}</Descriptions.Item>}
        {version.approvedBy && (
          <Descriptions.Item label={t('rulesets.approvedBy')}>
            {version.approvedBy}
            {version.approvedAt && Date.parse(version.approvedAt) > 0 ? ` · ${absoluteTime(version.approvedAt, i18n.language)}` : ''}
          </Descriptions.Item>
        )}
      </Descriptions>
      {!draft && author && <Alert type="info" showIcon title={t('rulesets.publishedHint')} style={{ marginBottom: 12 }} />}
      {issues && <IssuesList issues={issues} />}
      <Tabs activeKey={view} onChange={(k) => setSearchParams({ view: k === 'form' ? null : k })} items={tabs} />
      {dialog === 'saveAs' && (
        <NoteModal
          title={t('rulesets.saveAsTitle', { version: version.version })}
          okText={t('rulesets.saveAs')}
          testIdPrefix="save-as"
          busy={busy === 'saveAs'}
          onOk={(n) => void saveAs(n)}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'approve' && (
        <NoteModal
          title={t('rulesets.approveTitle', { version: version.version })}
          hint={t('rulesets.approveHint')}
          okText={t('rulesets.approve')}
          testIdPrefix="approve"
          busy={busy === 'approve'}
          onOk={(n) => void approve(n)}
          onClose={() => setDialog(null)}
        />
      )}
    </Card>
  );
}

function IssuesList({ issues }: { issues: RulesetIssue[] }) {
  const { t } = useTranslation();
  if (!issues.length) return <Alert type="success" showIcon title={t('rulesets.valid')} style={{ marginBottom: 12 }} data-testid="ruleset-valid" />;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="ruleset-issues"
      title={t('rulesets.issues', { count: issues.length })}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {issues.map((i, n) => (
            <li key={n} data-testid="ruleset-issue" data-path={i.path}>
              <Typography.Text code>{i.path || t('rulesets.root')}</Typography.Text> {i.message}
            </li>
          ))}
        </ul>
      }
    />
  );
}

function NoteModal({
  title,
  hint,
  okText,
  testIdPrefix,
  busy,
  onOk,
  onClose,
}: {
  title: string;
  hint?: string;
  okText: string;
  testIdPrefix: string;
  busy: boolean;
  onOk: (note: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ note: string }>();
  const submit = async () => {
    try {
      onOk((await form.validateFields()).note.trim());
    } catch {
      // the form shows what is missing
    }
  };
  return (
    <Modal
      open
      title={title}
      okText={okText}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ ...({ 'data-testid': `${testIdPrefix}-submit` } as Record<string, string>) }}
      destroyOnHidden
    >
      {hint && <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>}
      <Form form={form} layout="vertical">
        <Form.Item
          name="note"
          label={t('rulesets.note')}
          rules={[{ required: true, whitespace: true, message: t('completeModal.required', { field: t('rulesets.note') }) }, { max: 500 }]}
        >
          <Input.TextArea rows={2} maxLength={500} data-testid={`${testIdPrefix}-note`} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// ---------------------------------------------------------------------------------------------
// The form view: the parts of a ruleset people tune, edited in place in the JSON document
// ---------------------------------------------------------------------------------------------

interface FormProps {
  doc: RulesetDocument;
  issues: RulesetIssue[];
  readOnly: boolean;
  onChange: (doc: RulesetDocument) => void;
}

/** Issues at `path` or below it. */
const issuesAt = (issues: RulesetIssue[], path: Path, below = true) => {
  const p = path.join('.');
  return issues.filter((i) => i.path === p || (below && i.path.startsWith(`${p}.`)));
};

function NumField({
  doc,
  path,
  issues,
  readOnly,
  onChange,
  min,
  max,
  step,
  optional,
  width = 96,
}: FormProps & { path: Path; min?: number; max?: number; step?: number; optional?: boolean; width?: number | string }) {
  const value = numAt(doc, path);
  const own = issuesAt(issues, path);
  const input = (
    <InputNumber
      size="small"
      value={value}
      min={min}
      max={max}
      step={step}
      disabled={readOnly}
      status={own.length ? 'error' : undefined}
      placeholder={optional ? '—' : undefined}
      style={{ width }}
      data-testid={`rs-${path.join('.')}`}
      onChange={(v) => {
        if (v === null) {
          if (optional) onChange(setAt(doc, path, undefined));
          return;
        }
        onChange(setAt(doc, path, v));
      }}
    />
  );
  return own.length ? <Tooltip title={own.map((i) => i.message).join(' · ')}>{input}</Tooltip> : input;
}

function Section({ title, children, extra }: { title: string; children: ReactNode; extra?: ReactNode }) {
  return (
    <div style={{ marginBottom: 20 }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {title}
        </Typography.Title>
        {extra}
      </Space>
      {children}
    </div>
  );
}

function RulesetForm(props: FormProps) {
  const { t } = useTranslation();
  const { doc, readOnly, onChange, issues } = props;
  const name = getAt(doc, ['name']);
  const nameIssues = issuesAt(issues, ['name']);
  const general: { label: string; path: Path; min?: number; max?: number; step?: number }[] = [
    { label: t('rulesets.f.excellent'), path: ['ratingThresholds', 'excellent'], min: 0, max: 100 },
    { label: t('rulesets.f.qualified'), path: ['ratingThresholds', 'qualified'], min: 0, max: 100 },
    { label: t('rulesets.f.base'), path: ['base'], min: 0, max: 100 },
    { label: t('rulesets.f.indicatorQualified'), path: ['indicatorPoints', 'qualified'], min: 1, max: 99 },
    { label: t('rulesets.f.customWeightMax'), path: ['groupCaps', 'customWeightMax'], min: 0, max: 1, step: 0.05 },
    { label: t('rulesets.f.collaborationMin'), path: ['groupCaps', 'departmentCollaborationMin'], min: 0, max: 1, step: 0.05 },
    { label: t('rulesets.f.shortfallBoost'), path: ['history', 'shortfallBoost'], min: 0, max: 0.5, step: 0.01 },
    { label: t('rulesets.f.streak'), path: ['history', 'needsImprovementStreak'], min: 2, max: 24, step: 1 },
  ];
  return (
    <div data-testid="ruleset-form">
      <Section title={t('rulesets.s.general')}>
        <Space orientation="vertical" size="small" style={{ width: '100%' }}>
          <Space wrap>
            <Typography.Text>{t('rulesets.f.name')}</Typography.Text>
            <Input
              size="small"
              value={typeof name === 'string' ? name : ''}
              disabled={readOnly}
              status={nameIssues.length ? 'error' : undefined}
              style={{ width: 360 }}
              onChange={(e) => onChange(setAt(doc, ['name'], e.target.value))}
              data-testid="rs-name"
            />
          </Space>
          <Row gutter={[16, 8]}>
            {general.map((g) => (
              <Col key={g.path.join('.')} xs={24} sm={12} lg={6}>
                <Space orientation="vertical" size={2}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {g.label}
                  </Typography.Text>
                  <NumField {...props} path={g.path} min={g.min} max={g.max} step={g.step} />
                </Space>
              </Col>
            ))}
          </Row>
        </Space>
      </Section>
      <WeightsSection {...props} />
      <RulesSection {...props} />
      <IndicatorsSection {...props} />
    </div>
  );
}

interface WeightRow {
  key: string;
  path: Path;
  label: string;
}

function WeightsSection(props: FormProps) {
  const { t } = useTranslation();
  const label = useLabel();
  const { tree } = useOrgTree();
  const { doc, issues } = props;
  const rows: WeightRow[] = [
    ...SUBJECT_TYPES.map((s) => ({ key: `s-${s}`, path: ['weights', 'bySubjectType', s], label: label(`scoring.subjectType.${s}`, s) })),
    ...Object.keys((getAt(doc, ['weights', 'byPostProfile']) as Record<string, unknown> | undefined) ?? {}).map((k) => ({
      key: `p-${k}`,
      path: ['weights', 'byPostProfile', k],
      label: t('rulesets.postProfile', { profile: k }),
    })),
    ...Object.keys((getAt(doc, ['weights', 'byDepartment']) as Record<string, unknown> | undefined) ?? {}).map((k) => ({
      key: `d-${k}`,
      path: ['weights', 'byDepartment', k],
      label: t('rulesets.department', { name: (tree && findUnitName(tree, k)) || k }),
    })),
  ];
  const customSum = (p: Path) => {
    const c = getAt(doc, [...p, 'custom']);
    return isObj(c) ? Object.values(c).reduce<number>((s, v) => s + (typeof v === 'number' ? v : 0), 0) : 0;
  };
  const sum = (p: Path) => DIMENSIONS.reduce((s, d) => s + (numAt(doc, [...p, 'dimensions', d]) ?? 0), 0) + customSum(p);
  const columns: TableColumnsType<WeightRow> = [
    { key: 'set', title: t('rulesets.colWeightSet'), width: 170, render: (_, r) => <Typography.Text strong>{r.label}</Typography.Text> },
    ...DIMENSIONS.map((d) => ({
      key: d,
      title: label(`scoring.dimension.${d}`, d),
      render: (_: unknown, r: WeightRow) => <NumField {...props} path={[...r.path, 'dimensions', d]} min={0} max={1} step={0.05} width="100%" />,
    })),
    { key: 'custom', title: t('rulesets.colCustom'), width: 80, align: 'right', render: (_, r) => fmtScore(customSum(r.path)) },
    {
      key: 'sum',
      title: t('rulesets.colSum'),
      width: 70,
      align: 'right',
      render: (_, r) => {
        const s = Math.round(sum(r.path) * 1e6) / 1e6;
        const own = issuesAt(issues, r.path, false);
        const off = Math.abs(s - 1) > 1e-9;
        return (
          <Tooltip title={own.map((i) => i.message).join(' · ') || undefined}>
            <Typography.Text strong style={{ color: off || own.length ? RED : GREEN }} data-testid={`rs-sum-${r.path.slice(1).join('.')}`}>
              {fmtScore(s)}
            </Typography.Text>
          </Tooltip>
        );
      },
    },
  ];
  return (
    <Section title={t('rulesets.s.weights')}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('rulesets.weightsHint')}
      </Typography.Paragraph>
      <Table<WeightRow>
        rowKey="key"
        size="small"
        tableLayout="fixed"
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 760 }}
        data-testid="rs-weights"
      />
    </Section>
  );
}

interface RuleRow {
  code: string;
  rule: Record<string, unknown>;
}

function RulesSection(props: FormProps) {
  const { t } = useTranslation();
  const label = useLabel();
  const { doc } = props;
  const names = useScoringNames(doc);
  const rules = getAt(doc, ['rules']);
  const rows: RuleRow[] = isObj(rules)
    ? Object.entries(rules)
        .filter((e): e is [string, Record<string, unknown>] => isObj(e[1]))
        .map(([code, rule]) => ({ code, rule }))
    : [];
  const cell = (r: RuleRow, field: string, opts: { optional?: boolean; min?: number; step?: number } = {}) =>
    field in r.rule || opts.optional ? (
      <NumField {...props} path={['rules', r.code, field]} min={opts.min ?? 0} max={100} step={opts.step ?? 1} optional={opts.optional} width="100%" />
    ) : null;
  const columns: TableColumnsType<RuleRow> = [
    {
      key: 'rule',
      title: t('rulesets.colRule'),
      width: '40%',
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <Space size={4} wrap>
            <Tag color={r.rule.kind === 'penalty' ? 'red' : r.rule.kind === 'bonus' ? 'green' : 'blue'}>
              {label(`scoring.lineKind.${String(r.rule.kind)}`, String(r.rule.kind))}
            </Tag>
            <Typography.Text strong>{names.rule(r.code)}</Typography.Text>
          </Space>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.code} · {String(r.rule.type)}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'dimension',
      title: t('report.colDimension'),
      render: (_, r) => (typeof r.rule.dimension === 'string' ? label(`scoring.dimension.${r.rule.dimension}`, r.rule.dimension) : t('report.totalOnly')),
    },
    { key: 'points', title: t('rulesets.colPoints'), render: (_, r) => (r.rule.type === 'per_value' ? cell(r, 'factor', { step: 0.5 }) : cell(r, 'points')) },
    {
      key: 'capGroup',
      title: t('rulesets.colCapGroup'),
      render: (_, r) => (r.rule.type === 'per_fact' && r.rule.groupBy ? cell(r, 'capPerGroup', { optional: true }) : null),
    },
    {
      key: 'capPeriod',
      title: t('rulesets.colCapPeriod'),
      render: (_, r) => (r.rule.type !== 'consecutive_improvement' ? cell(r, 'capPerPeriod', { optional: true }) : null),
    },
    {
      key: 'periods',
      title: t('rulesets.colPeriods'),
      render: (_, r) =>
        r.rule.type === 'consecutive_improvement' ? <NumField {...props} path={['rules', r.code, 'periods']} min={2} max={24} width="100%" /> : null,
    },
  ];
  return (
    <Section title={t('rulesets.s.rules')}>
      <Table<RuleRow>
        rowKey="code"
        size="small"
        tableLayout="fixed"
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 760 }}
        data-testid="rs-rules"
        onRow={(r) => testId(`rs-rule-${r.code}`)}
      />
    </Section>
  );
}

function IndicatorsSection(props: FormProps) {
  const { t } = useTranslation();
  const label = useLabel();
  const { doc } = props;
  const names = useScoringNames(doc);
  const indicators = getAt(doc, ['indicators']);
  const rows: RuleRow[] = isObj(indicators)
    ? Object.entries(indicators)
        .filter((e): e is [string, Record<string, unknown>] => isObj(e[1]))
        .map(([code, rule]) => ({ code, rule }))
    : [];
  const columns: TableColumnsType<RuleRow> = [
    {
      key: 'indicator',
      title: t('rulesets.colIndicator'),
      width: '34%',
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <Space size={4} wrap>
            <Typography.Text strong>{names.indicator(r.code)}</Typography.Text>
            {r.rule.custom === true && (
              <Tag color={r.rule.approved === true ? 'blue' : 'orange'}>
                {r.rule.approved === true ? t('rulesets.customApproved') : t('rulesets.customPending')}
              </Tag>
            )}
          </Space>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.code}
          </Typography.Text>
        </Space>
      ),
    },
    { key: 'dimension', title: t('report.colDimension'), render: (_, r) => label(`scoring.dimension.${String(r.rule.dimension)}`, String(r.rule.dimension)) },
    {
      key: 'direction',
      title: t('rulesets.colDirection'),
      render: (_, r) => `${r.rule.direction === 'lower_better' ? '↓' : '↑'} ${label(`scoring.unit.${String(r.rule.unit)}`, String(r.rule.unit))}`,
    },
    {
      key: 'excellent',
      title: t('rulesets.colExcellent'),
      render: (_, r) => <NumField {...props} path={['indicators', r.code, 'thresholds', 'excellent']} width="100%" />,
    },
    {
      key: 'qualified',
      title: t('rulesets.colQualified'),
      render: (_, r) => <NumField {...props} path={['indicators', r.code, 'thresholds', 'qualified']} width="100%" />,
    },
    {
      key: 'weight',
      title: t('rulesets.colIndicatorWeight'),
      render: (_, r) => <NumField {...props} path={['indicators', r.code, 'weight']} min={0} max={100} width="100%" />,
    },
  ];
  return (
    <Section title={t('rulesets.s.indicators')}>
      <Table<RuleRow>
        rowKey="code"
        size="small"
        tableLayout="fixed"
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 760 }}
        data-testid="rs-indicators"
      />
    </Section>
  );
}

// ---------------------------------------------------------------------------------------------
// Diff and what-if
// ---------------------------------------------------------------------------------------------

const show = (v: unknown) => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

function DiffView({ version, all }: { version: number; all: RulesetSummary[] }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const others = all.filter((r) => r.version !== version);
  const [other, setOther] = useState<number | undefined>(() => others.find((r) => r.version < version)?.version);
  const [changes, setChanges] = useState<{ other: number; items: RulesetChange[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!other) return;
    let live = true;
    setError(null);
    diffRulesets(other, version).then(
      (r) => live && setChanges({ other, items: r.changes }),
      (err: unknown) => live && setError(errorText(err)),
    );
    return () => {
      live = false;
    };
  }, [other, version, errorText]);

  const rows = changes && changes.other === other ? changes.items : null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="ruleset-diff">
      <Space wrap>
        <Typography.Text>{t('rulesets.diffWith')}</Typography.Text>
        <Select<number>
          value={other}
          onChange={setOther}
          placeholder={t('rulesets.diffPick')}
          style={{ minWidth: 220 }}
          data-testid="ruleset-diff-with"
          options={others.map((r) => ({ value: r.version, label: `v${r.version} · ${r.note}` }))}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('rulesets.diffHint', { version })}
        </Typography.Text>
      </Space>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      {other && (
        <Table<RulesetChange>
          rowKey="path"
          size="small"
          loading={!rows && !error}
          dataSource={rows ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="ruleset-diff-table"
          onRow={(c) => ({ ...testId('ruleset-change'), 'data-path': c.path }) as never}
          locale={{ emptyText: t('rulesets.noChanges') }}
          columns={[
            { key: 'path', title: t('rulesets.colPath'), render: (_, c) => <Typography.Text code>{c.path}</Typography.Text> },
            {
              key: 'before',
              title: t('rulesets.colBefore', { version: other }),
              render: (_, c) => <Typography.Text style={{ ...MONO, color: RED }}>{show(c.before)}</Typography.Text>,
            },
            {
              key: 'after',
              title: t('rulesets.colAfter', { version }),
              render: (_, c) => <Typography.Text style={{ ...MONO, color: GREEN }}>{show(c.after)}</Typography.Text>,
            },
          ]}
        />
      )}
    </Space>
  );
}

function WhatIfView({ version, dirty }: { version: number; dirty: boolean }) {
  const { t } = useTranslation();
  const label = useLabel();
  const errorText = useErrorText();
  const [cycles, setCycles] = useState<CycleSummary[] | null>(null);
  const [cycleId, setCycleId] = useState<string | undefined>();
  const [type, setType] = useState<SubjectType | 'all'>('all');
  const [result, setResult] = useState<WhatIfResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { tree } = useOrgTree();

  useEffect(() => {
    let live = true;
    listCycles({ pageSize: 100 }).then(
      (r) => {
        if (!live) return;
        const scored = r.items.filter((c) => c.currentSnapshot > 0);
        setCycles(scored);
        setCycleId((c) => c ?? scored[0]?.id);
      },
      (err: unknown) => live && setError(errorText(err)),
    );
    return () => {
      live = false;
    };
  }, [errorText]);

  const run = async () => {
    if (!cycleId) return;
    setBusy(true);
    setError(null);
    try {
      setResult(await whatIfRuleset(version, cycleId));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const mag = (d: WhatIfDifference) => (d.delta === null ? Number.POSITIVE_INFINITY : Math.abs(d.delta));
  const rows = (result?.differences ?? []).filter((d) => type === 'all' || d.subjectType === type).sort((a, b) => mag(b) - mag(a));
  const changed = rows.filter((d) => d.delta !== 0).length;
  const columns: TableColumnsType<WhatIfDifference> = [
    { key: 'type', title: t('rulesets.colSubjectType'), render: (_, d) => <Tag>{label(`scoring.subjectType.${d.subjectType}`, d.subjectType)}</Tag> },
    { key: 'name', title: t('cycleDetail.colName'), dataIndex: 'name' },
    {
      key: 'before',
      title: t('rulesets.colScoreBefore', { version: result?.baseVersion ?? '' }),
      align: 'right',
      render: (_, d) => (d.before === null ? '—' : fmtScore(d.before)),
    },
    { key: 'after', title: t('rulesets.colScoreAfter', { version }), align: 'right', render: (_, d) => (d.after === null ? '—' : fmtScore(d.after)) },
    {
      key: 'delta',
      title: t('rulesets.colDelta'),
      align: 'right',
      render: (_, d) =>
        d.delta === null ? (
          '—'
        ) : (
          <Typography.Text strong style={{ color: d.delta < 0 ? RED : d.delta > 0 ? GREEN : undefined }} data-testid="whatif-delta">
            {fmtSigned(d.delta)}
          </Typography.Text>
        ),
    },
    {
      key: 'rating',
      title: t('rulesets.colRatingChange'),
      render: (_, d) => (
        <Space size={4}>
          <RatingTag rating={d.ratingBefore} />
          {d.ratingAfter !== d.ratingBefore && (
            <>
              →<RatingTag rating={d.ratingAfter} />
            </>
          )}
        </Space>
      ),
    },
  ];
  const cycleLabel = (c: CycleSummary) => `${c.period} · ${(tree && findUnitName(tree, c.scopeOrgUnitId)) || c.scopeOrgUnitId}`;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="ruleset-whatif">
      <Typography.Text type="secondary">{t('rulesets.whatIfHint')}</Typography.Text>
      {dirty && <Alert type="warning" showIcon title={t('rulesets.whatIfDirty')} />}
      <Space wrap>
        <Select<string>
          value={cycleId}
          onChange={setCycleId}
          loading={!cycles && !error}
          placeholder={t('rulesets.whatIfCycle')}
          style={{ minWidth: 280 }}
          data-testid="whatif-cycle"
          options={(cycles ?? []).map((c) => ({ value: c.id, label: cycleLabel(c) }))}
          notFoundContent={t('rulesets.whatIfNoCycles')}
        />
        <Button type="primary" onClick={() => void run()} loading={busy} disabled={!cycleId} data-testid="whatif-run">
          {t('rulesets.whatIfRun')}
        </Button>
        {result && (
          <Select<SubjectType | 'all'>
            value={type}
            onChange={setType}
            style={{ minWidth: 150 }}
            options={[
              { value: 'all', label: t('rulesets.allSubjects') },
              ...SUBJECT_TYPES.map((s) => ({ value: s, label: label(`scoring.subjectTypePlural.${s}`, s) })),
            ]}
          />
        )}
      </Space>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      {result && (
        <>
          <Typography.Text data-testid="whatif-summary">
            {t('rulesets.whatIfSummary', { changed, count: rows.length, base: result.baseVersion, version })}
          </Typography.Text>
          <Table<WhatIfDifference>
            rowKey={(d) => `${d.subjectType}:${d.subjectId}`}
            size="small"
            columns={columns}
            dataSource={rows}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
            scroll={{ x: 'max-content' }}
            data-testid="whatif-table"
            onRow={(d) =>
              ({
                ...testId(`whatif-row-${d.subjectType}-${d.subjectId}`),
                style: d.delta !== null && d.delta < 0 ? { background: '#fff1f0' } : d.delta ? { background: '#f6ffed' } : undefined,
              }) as never
            }
          />
        </>
      )}
    </Space>
  );
}
