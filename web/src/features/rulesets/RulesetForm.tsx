import { Col, Input, Row, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { getAt, setAt, type Path } from './ruleset';
import { issuesAt, NumField, Section, type FormProps } from './RulesetFormParts';
import { IndicatorsSection, RulesSection, WeightsSection } from './RulesetSections';

/** The form view of a ruleset: the parts people tune, edited in place in the JSON document. */
export function RulesetForm(props: FormProps) {
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
