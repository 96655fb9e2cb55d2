import { Alert, InputNumber, Space, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RulesetDocument, RulesetIssue } from '../../shared/api';
import { numAt, setAt, type Path } from './ruleset';

// The form view: the parts of a ruleset people tune, edited in place in the JSON document.

export interface FormProps {
  doc: RulesetDocument;
  issues: RulesetIssue[];
  readOnly: boolean;
  onChange: (doc: RulesetDocument) => void;
}

/** Issues at `path` or below it. */
export const issuesAt = (issues: RulesetIssue[], path: Path, below = true) => {
  const p = path.join('.');
  return issues.filter((i) => i.path === p || (below && i.path.startsWith(`${p}.`)));
};

export function NumField({
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

export function Section({ title, children, extra }: { title: string; children: ReactNode; extra?: ReactNode }) {
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

/** The issues of a validation or a save, with their paths (or "valid"). */
export function IssuesList({ issues }: { issues: RulesetIssue[] }) {
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
