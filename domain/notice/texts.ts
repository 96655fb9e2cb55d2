import { defineTexts } from '../texts/define';

/** What a safety notice writes for people besides its own words: its acknowledgement. */
export const noticeTexts = defineTexts(
  {
    'notice.acknowledged': 'Acknowledged: {{title}}',
    'notice.acknowledged_body': 'Acknowledged by {{by}} at {{at}}.',
    'notice.lessons': 'Lessons learned: {{title}}',
  },
  {
    'notice.acknowledged': '已确认：{{title}}',
    'notice.acknowledged_body': '{{by}} 于 {{at}} 确认。',
    'notice.lessons': '事故教训：{{title}}',
  },
);
