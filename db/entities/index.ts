import { Alert, AlertRule } from './alert';
import { ApiKey } from './api-key';
import { AssessmentCycle, BehaviourRatingRow, ScoreResult, ScoreSnapshot } from './assessment';
import { AuditAnchor, AuditEntry, AuditHead, AuditStreamHead } from './audit';
import { DashboardHandoff } from './dashboard-handoff';
import { Emergency, EmergencyEvent } from './emergency';
import { Evidence, Fact, Hazard, HazardEvent } from './hazard';
import { CorrectiveAction, CorrectiveActionEvent, Incident, IncidentEvent, WorkedHours } from './incident';
import { Inspection, InspectionItem, InspectionTemplate, InspectionTemplateItem } from './inspection';
import { Notification, SinkMail } from './notification';
import { NotificationOutbox } from './notification-outbox';
import { OrgUnit } from './org-unit';
import { Certificate, Permit, PermitCrewMember, PermitEvent, PermitGasTest, WorkArea } from './permit';
import { Person } from './person';
import { PolicyVersion } from './policy';
import { Post, PostProfile } from './post';
import { ProbeRun } from './probe-run';
import { ProcessMonitorRow } from './process-monitor';
import { SavedView } from './saved-view';
import { RulesetVersion } from './ruleset';
import { Declaration, ScoreAdjustment, ScoreAppeal } from './score-request';
import { RiskAssessment, RiskAssessmentEvent, RiskMeasure, RiskRegisterItem } from './risk-assessment';
import { Task } from './task';
import { Training, TrainingParticipant } from './training';
import { UnitResponder } from './unit-responder';
import { User, UserRole } from './user';

export {
  Alert,
  AlertRule,
  ApiKey,
  DashboardHandoff,
  AssessmentCycle,
  BehaviourRatingRow,
  Declaration,
  ScoreResult,
  ScoreSnapshot,
  AuditEntry,
  AuditHead,
  AuditStreamHead,
  AuditAnchor,
  Emergency,
  EmergencyEvent,
  Evidence,
  Fact,
  Hazard,
  HazardEvent,
  Inspection,
  InspectionItem,
  InspectionTemplate,
  InspectionTemplateItem,
  Notification,
  NotificationOutbox,
  OrgUnit,
  Person,
  PolicyVersion,
  Post,
  PostProfile,
  ProbeRun,
  ProcessMonitorRow,
  RiskAssessment,
  RiskAssessmentEvent,
  RiskMeasure,
  RiskRegisterItem,
  RulesetVersion,
  SavedView,
  ScoreAdjustment,
  ScoreAppeal,
  SinkMail,
  Task,
  Training,
  TrainingParticipant,
  UnitResponder,
  User,
  UserRole,
  Incident,
  IncidentEvent,
  CorrectiveAction,
  CorrectiveActionEvent,
  WorkedHours,
  WorkArea,
  Certificate,
  Permit,
  PermitCrewMember,
  PermitGasTest,
  PermitEvent,
};

export const ENTITIES = [
  OrgUnit,
  PostProfile,
  Post,
  Person,
  User,
  UserRole,
  ProbeRun,
  ProcessMonitorRow,
  AuditEntry,
  AuditHead,
  AuditStreamHead,
  AuditAnchor,
  PolicyVersion,
  Task,
  Notification,
  NotificationOutbox,
  SinkMail,
  ApiKey,
  Hazard,
  HazardEvent,
  Fact,
  Evidence,
  Emergency,
  EmergencyEvent,
  RiskAssessment,
  RiskAssessmentEvent,
  RiskRegisterItem,
  RiskMeasure,
  RulesetVersion,
  AssessmentCycle,
  ScoreSnapshot,
  ScoreResult,
  BehaviourRatingRow,
  ScoreAppeal,
  ScoreAdjustment,
  Declaration,
  SavedView,
  AlertRule,
  Alert,
  InspectionTemplate,
  InspectionTemplateItem,
  Inspection,
  InspectionItem,
  Training,
  TrainingParticipant,
  DashboardHandoff,
  UnitResponder,
  Incident,
  IncidentEvent,
  CorrectiveAction,
  CorrectiveActionEvent,
  WorkedHours,
  WorkArea,
  Certificate,
  Permit,
  PermitCrewMember,
  PermitGasTest,
  PermitEvent,
];
