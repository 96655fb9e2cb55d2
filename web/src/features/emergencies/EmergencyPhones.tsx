import { Button, Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { useSession } from '../../shared/session';

const RED = '#cf1322';

/**
 * The emergency numbers of the signed-in user's unit and the units above it (nearest first) as big
 * tel: buttons. They come with the session (GET /api/auth/me), which the device keeps, so they
 * show at once, also without a network.
 */
export function EmergencyPhones({ prominent = false }: { prominent?: boolean }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const phones = user.emergencyPhones ?? []; // a session kept from before the numbers existed has none
  const zh = currentLanguage() === 'zh-CN';
  return (
    <Card
      size="small"
      title={<span style={prominent ? { color: RED } : undefined}>{t('emergencyRaise.phonesTitle')}</span>}
      style={prominent ? { borderColor: RED, borderWidth: 2 } : undefined}
      data-testid="emergency-phones"
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {phones.length ? t('emergencyRaise.phonesHint') : t('emergencyRaise.phonesNone')}
      </Typography.Paragraph>
      <Flex vertical gap={8}>
        {phones.map((p) => (
          <Button
            key={p.number}
            href={`tel:${p.number.replace(/[^\d+]/g, '')}`}
            size="large"
            danger={prominent}
            block
            data-testid="emergency-phone"
            style={{ minHeight: 52, height: 'auto', display: 'flex', justifyContent: 'space-between', alignItems: 'center', whiteSpace: 'normal', gap: 8 }}
          >
            <span style={{ textAlign: 'left' }}>{zh ? p.label : p.labelEn}</span>
            <strong style={{ fontSize: 18, whiteSpace: 'nowrap' }}>{p.number}</strong>
          </Button>
        ))}
      </Flex>
    </Card>
  );
}
