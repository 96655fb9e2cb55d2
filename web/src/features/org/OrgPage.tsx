import { Alert, Card, Col, Descriptions, Empty, Row, Space, Spin, Tag, Tree, Typography, type TableColumnsType, type TreeDataNode } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchOrgTree, fetchOrgUnit, type OrgTreeNode, type PersonView, type PostView } from '../../shared/api';
import { UnitResponders } from './UnitResponders';
import { UnitEmergencyPhones } from './UnitEmergencyPhones';
import { usePolledQuery } from '../../shared/query';
import { useLabel } from '../../i18n';
import { useLocalName } from '../../shared/names';
import { setSearchParams, useLocation } from '../../router';
import { CardTable } from '../../shared/components/CardTable';

function allIds(nodes: OrgTreeNode[]): string[] {
  return nodes.flatMap((n) => [n.id, ...allIds(n.children)]);
}

/** The organisation the API lets the user see: tree on the left, the selected unit on the right. */
export function OrgPage() {
  const nameOf = useLocalName();
  const { t } = useTranslation();
  const label = useLabel();
  const { search } = useLocation();
  // Read once per visit.
  const { data: tree, errorText: error } = usePolledQuery(['org-tree'], fetchOrgTree, false);
  const selectedFromUrl = search.get('unit');

  const selected = selectedFromUrl ?? tree?.[0]?.id ?? null;

  const treeData = useMemo(() => {
    const toNode = (n: OrgTreeNode): TreeDataNode => ({
      key: n.id,
      title: (
        <span data-testid={`org-node-${n.code}`}>
          {nameOf(n)} <Tag style={{ marginInlineStart: 4 }}>{label(`orgKind.${n.kind}`, n.kind)}</Tag>
        </span>
      ),
      children: n.children.map(toNode),
    });
    return (tree ?? []).map(toNode);
  }, [tree, label, nameOf]);

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={9} xl={8}>
        <Card title={t('org.treeTitle')}>
          {error && <Alert type="error" showIcon title={error} />}
          {!tree && !error && <Spin />}
          {tree && tree.length === 0 && <Empty description={t('org.empty')} />}
          {tree && tree.length > 0 && (
            <Tree
              blockNode
              defaultExpandedKeys={allIds(tree)}
              selectedKeys={selected ? [selected] : []}
              treeData={treeData}
              onSelect={(keys) => keys[0] !== undefined && setSearchParams({ unit: String(keys[0]) })}
              data-testid="org-tree"
            />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={15} xl={16}>
        {selected ? <UnitDetails unitId={selected} /> : <Card>{t('org.selectUnit')}</Card>}
      </Col>
    </Row>
  );
}

function UnitDetails({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const nameOf = useLocalName();
  const { data: unit, errorText: error } = usePolledQuery(['org-unit', unitId], () => fetchOrgUnit(unitId), false);

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!unit) return <Card loading />;
  const { posts, people } = unit;

  const postColumns: TableColumnsType<PostView> = [
    { key: 'code', title: t('org.postCode'), dataIndex: 'code' },
    { key: 'name', title: t('org.postName'), render: (_, p) => nameOf(p) },
    {
      key: 'profile',
      title: t('org.profile'),
      render: (_, p) => (
        <Space size={4} wrap>
          <Tag color="blue">{label(`postLevel.${p.level}`, p.level)}</Tag>
          <Tag color="geekblue">{label(`businessType.${p.businessType}`, p.businessType)}</Tag>
          <Tag color={p.riskLevel === 'high' ? 'red' : 'green'}>{label(`riskLevel.${p.riskLevel}`, p.riskLevel)}</Tag>
        </Space>
      ),
    },
  ];
  const peopleColumns: TableColumnsType<PersonView> = [
    { key: 'employeeNo', title: t('org.employeeNo'), dataIndex: 'employeeNo' },
    {
      key: 'name',
      title: t('org.name'),
      render: (_, p) => (
        <Space size={4}>
          {nameOf(p)}
          {p.id === unit.headPersonId && <Tag color="gold">{t('org.head')}</Tag>}
        </Space>
      ),
    },
    { key: 'email', title: t('org.email'), render: (_, p) => p.email ?? t('common.none') },
    { key: 'post', title: t('org.postName'), render: (_, p) => p.postName ?? t('common.none') },
    {
      key: 'active',
      title: t('org.active'),
      render: (_, p) => <Tag color={p.active ? 'green' : 'default'}>{p.active ? t('org.activeYes') : t('org.activeNo')}</Tag>,
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="org-unit-details">
      <Card title={nameOf(unit)}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2 }}
          items={[
            { key: 'code', label: t('org.code'), children: <Typography.Text code>{unit.code}</Typography.Text> },
            { key: 'kind', label: t('org.kind'), children: label(`orgKind.${unit.kind}`, unit.kind) },
            {
              key: 'function',
              label: t('org.function'),
              children: unit.departmentFunction ? label(`departmentFunction.${unit.departmentFunction}`, unit.departmentFunction) : t('common.none'),
            },
            { key: 'head', label: t('org.head'), children: unit.headName ?? <Typography.Text type="secondary">{t('org.noHead')}</Typography.Text> },
          ]}
        />
      </Card>
      <UnitResponders unitId={unit.id} />
      <UnitEmergencyPhones unitId={unit.id} />
      <Card title={t('org.posts')} size="small">
        <CardTable<PostView> columns={postColumns} dataSource={posts} emptyText={t('org.noPosts')} />
      </Card>
      <Card title={t('org.people')} size="small">
        <CardTable<PersonView> columns={peopleColumns} dataSource={people} pageSize={20} emptyText={t('org.noPeople')} />
      </Card>
    </Space>
  );
}
