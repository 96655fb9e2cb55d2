import type { MessageTree } from '../../i18n/types';
import { incidentTasksEn } from '../incidents/texts.en';
import { permitTasksEn } from '../permits/texts.en';

/** Texts of the tasks feature, in English. The namespaces are merged with the other features' in i18n/resources.ts; texts.zh-CN.ts has the same keys. */
export const en = {
  inbox: {
    title: 'Task inbox',
    tabMine: 'Mine',
    tabTeam: 'My team',
    tabCompleted: 'Completed',
    empty: 'No tasks here.',
    colTitle: 'Task',
    colProcess: 'Process',
    colOrgUnit: 'Org unit',
    colAssignee: 'Assignee',
    colDue: 'Due',
    colPriority: 'Priority',
    colCompleted: 'Completed',
    colActions: 'Actions',
    noDueDate: 'No due date',
    overdue: 'Overdue',
    dueSoon: 'Due soon',
    completedBy: 'by {{name}}',
    completedByFor: 'by {{name}} for {{for}}',
    claim: 'Claim',
    unclaim: 'Release',
    complete: 'Complete',
    completeWithNote: 'Fill in the form',
    approve: 'Approve',
    rejectOrComment: 'Reject or comment',
    delegate: 'Delegate',
    claimed: 'The task is now yours.',
    unclaimed: 'The task is back in the team queue.',
    completed: 'Done — the task is completed.',
    delegated: 'The task was handed over.',
    processClosed: 'This process has already ended; the task can no longer be completed.',
    total_one: '{{count}} task',
    total_other: '{{count}} tasks',
  },
  taskStatus: {
    open: 'Open',
    completed: 'Completed',
    cancelled: 'Cancelled',
  },
  /** Label of the button that completes a task of this type (default: inbox.complete). */
  taskAction: {
    assessment: { review: 'Decide' },
    appeal: { review: 'Decide' },
    adjustment: { approve: 'Decide' },
    declaration: { review: 'Decide' },
    improvement: { plan: 'Submit plan', check: 'Record result' },
    notice: { acknowledge: 'Acknowledge' },
    hazard: {
      grade: 'Grade',
      acknowledge: 'Acknowledge',
      rectify: 'Submit rectification',
      major_action: 'Submit measures',
      verify: 'Verify',
      extension_approval: 'Decide',
    },
    emergency: {
      on_site: 'Confirm on site',
      response: 'Report done',
      under_control: 'Declare under control',
      review: 'Submit review',
      improvement: 'Report done',
    },
    risk: {
      input: 'Submit input',
      compile: 'Compile register',
      measures: 'Submit proposals',
      plan: 'Approve plan',
      measure: 'Report done',
      verify: 'Verify',
    },
    ...permitTasksEn.taskAction,
  },
  /** Names of task types: taskType.<taskType>. */
  taskType: {
    assessment: { review: 'Review the safety scores' },
    appeal: { review: 'Review an appeal' },
    adjustment: { approve: 'Approve a score adjustment' },
    declaration: { review: 'Review a self-declaration' },
    improvement: { plan: 'Improvement plan', check: 'Check the improvement plan' },
    notice: { acknowledge: 'Acknowledge notice' },
    hazard: {
      grade: 'Grade hazard',
      acknowledge: 'Acknowledge hazard',
      rectify: 'Rectify hazard',
      major_action: 'Major-hazard measures',
      verify: 'Verify rectification',
      extension_approval: 'Approve deadline extension',
    },
    emergency: {
      on_site: 'Safety on site',
      response: 'Emergency response',
      under_control: 'Declare under control',
      review: 'Post-incident review',
      improvement: 'Improvement action',
    },
    risk: {
      input: 'Risk assessment input',
      compile: 'Compile the risk register',
      measures: 'Propose control measures',
      plan: 'Control plan',
      measure: 'Control measure',
      verify: 'Verify control measure',
    },
    ...incidentTasksEn.taskType,
    ...permitTasksEn.taskType,
  },
  /** Field labels of task forms: taskForm.<taskType>.<field>. */
  taskForm: {
    assessment: {
      review: {
        decision: 'Decision',
        note: 'Note',
      },
    },
    appeal: {
      review: {
        decision: 'Decision',
        delta: 'Points (+/−)',
        reason: 'Reason',
        evidenceIds: 'Attachments',
      },
    },
    adjustment: {
      approve: {
        approved: 'Decision',
        reason: 'Reason',
      },
    },
    declaration: {
      review: {
        approved: 'Decision',
        points: 'Bonus points',
        reason: 'Reason',
      },
    },
    improvement: {
      plan: {
        targets: 'Targets',
        measures: 'Measures',
        dueAt: 'Due',
      },
      check: {
        completed: 'Was the plan carried out?',
        note: 'Note',
      },
    },
    notice: {
      acknowledge: {
        comment: 'Comment',
        understood: 'I have read and understood this notice',
      },
    },
    hazard: {
      grade: {
        likelihood: 'Likelihood',
        severity: 'Severity',
        responsibleOrgUnitId: 'Responsible department',
        responsiblePersonId: 'Responsible person',
        note: 'Note',
      },
      acknowledge: {
        understood: 'We have received this hazard and take responsibility for rectifying it',
        comment: 'Comment',
      },
      rectify: {
        summary: 'What was done',
        evidenceIds: 'Photos / documents of the rectification',
      },
      major_action: {
        summary: 'Measures taken',
        evidenceIds: 'Photos / documents',
      },
      verify: {
        passed: 'Result of the check on site',
        reason: 'Reason',
      },
      extension_approval: {
        approved: 'Decision',
        reason: 'Reason',
      },
    },
    emergency: {
      on_site: {
        onSite: 'The safety hub is on site',
        note: 'Note',
      },
      response: {
        summary: 'What was done',
        done: 'Our part of the response is done',
      },
      under_control: {
        summary: 'Situation summary',
      },
      review: {
        findings: 'Findings',
        actions: 'Improvement actions',
      },
      improvement: {
        summary: 'What was done',
        evidenceIds: 'Photos / documents',
      },
    },
    risk: {
      input: {
        assessment: 'Your department’s assessment',
        concerns: 'Concerns',
      },
      compile: {
        items: 'Risks',
        summary: 'Summary',
      },
      measures: {
        proposals: 'Proposed control measures',
      },
      plan: {
        measures: 'Measures',
        note: 'Note',
      },
      measure: {
        summary: 'What was done',
        evidenceIds: 'Photos / documents',
      },
      verify: {
        passed: 'Result of the joint check on site',
        reason: 'Reason',
      },
    },
    ...incidentTasksEn.taskForm,
    ...permitTasksEn.taskForm,
  },
  /** Hints under task form fields: taskHelp.<taskType>.<field>. */
  taskHelp: {
    appeal: {
      review: {
        delta: 'Needed to adjust: the points added to (or, negative, taken from) the score.',
        reason: 'The appellant reads it; it stays with the decision in the audit log.',
      },
    },
    declaration: {
      review: {
        points: 'Needed to approve (the ruleset caps bonus points per period).',
      },
    },
    assessment: {
      review: {
        decision: 'Publishing sends every person their report; "Score again" makes a new draft version (e.g. after late facts were corrected).',
        note: 'Kept with the snapshot and in the audit log.',
      },
    },
    hazard: {
      grade: {
        likelihood: '1 = rare · 2 = unlikely · 3 = possible · 4 = likely · 5 = almost certain',
        severity: '1 = negligible · 2 = minor · 3 = moderate · 4 = major · 5 = catastrophic',
        responsiblePersonId: 'Optional; without one the department head is responsible.',
      },
      verify: {
        reason: 'Required when the rectification fails: it goes back to the department.',
      },
    },
    emergency: {
      review: {
        findings: 'Start from the delays computed from the recorded times (in the task description).',
        actions: 'Optional. One line per responsible department; each gets a task and the emergency stays open until all are done.',
      },
    },
    risk: {
      input: {
        concerns: 'Optional: what the safety hub should look at first.',
      },
      compile: {
        summary: 'Optional: a word on the register as a whole.',
      },
      plan: {
        note: 'Optional: kept with the plan.',
      },
      verify: {
        reason: 'Required when the measure fails: a hazard process starts for it.',
      },
    },
  },
  /** Option labels shared by task forms; taskOption.<value>. */
  taskOption: {
    assessment: {
      review: { decision: { publish: 'Publish the scores', rescore: 'Score again' } },
    },
    appeal: {
      review: { decision: { uphold: 'Uphold the score', adjust: 'Adjust the score' } },
    },
    adjustment: {
      approve: { approved: { true: 'Approve', false: 'Reject' } },
    },
    declaration: {
      review: { approved: { true: 'Approve', false: 'Reject' } },
    },
    improvement: {
      check: { completed: { true: 'Completed', false: 'Not completed' } },
    },
    approve: 'Approve',
    reject: 'Reject',
    pass: 'Verified',
    fail: 'Not verified',
    yes: 'Yes',
    no: 'No',
    hazard: {
      verify: { passed: { true: 'Pass', false: 'Fail' } },
      extension_approval: { approved: { true: 'Approve', false: 'Reject' } },
    },
    risk: {
      verify: { passed: { true: 'Pass', false: 'Fail' } },
    },
    ...incidentTasksEn.taskOption,
    ...permitTasksEn.taskOption,
  },
  completeModal: {
    description: 'Details',
    dueAt: 'Due:',
    why: {
      assignee: 'You are the assignee.',
      substitute: 'You stand in for the assignee.',
      head: 'For you as head of {{unit}}.',
      responder: 'For you as responder of {{unit}}.',
      role: 'For you as {{role}} of {{unit}}.',
    },
    noFields: 'Nothing to fill in — confirm to finish this task.',
    required: 'Please fill in “{{field}}”.',
    mustTick: 'Please tick “{{field}}”.',
    tooLong: '“{{field}}” can have at most {{max}} characters.',
    selectPlaceholder: 'Choose…',
    invalid: 'Please correct the highlighted fields.',
    mustChoose: 'Please choose “{{field}}”.',
    needEvidence: 'Attach at least one photo or document.',
    range: '“{{field}}” must be between {{min}} and {{max}}.',
    uploading: 'Uploading…',
    riskPending: 'Choose likelihood and severity to see the risk level.',
    riskResult: 'Risk:',
    majorHint: 'Major hazard: work stops at the area and safety, production and equipment act jointly.',
    actionsAdd: 'Add an action',
    actionsUnit: 'Department',
    actionsDescription: 'What has to be done',
    actionsRemove: 'Remove',
    actionsIncomplete: 'Choose the department and describe the action, or remove the line.',
  },
  delegateModal: {
    title: 'Delegate “{{title}}”',
    to: 'Hand over to',
    toRequired: 'Choose a colleague.',
    placeholder: 'Search by name',
    submit: 'Delegate',
    loadFailed: 'The list of colleagues could not be loaded.',
  },
  /** The tasks card of a process's page (ProcessTasksCard). */
  processTasks: {
    title: 'Tasks',
    colTask: 'Task',
    colStatus: 'Status / due',
    empty: 'No tasks yet.',
  },
  /** The signed-in person's open tasks at the top of a process page, and the phone's action bar. */
  yourTasks: {
    title: 'Your task',
    titleMany: 'Your tasks ({{count}})',
    bar: 'Your task: {{name}}',
  },
  /** A frontline worker's home on a phone: the four things they come for. */
  workerHome: {
    title: 'Hello, {{name}}',
    reportHazard: 'Report a hazard',
    reportHazardHint: 'Photo, place, done',
    raiseEmergency: 'Raise an emergency',
    raiseEmergencyHint: 'Gas, fire, injury: alert everyone now',
    myTasks: 'My tasks',
    myTasksHint_one: '{{count}} open task',
    myTasksHint_other: '{{count}} open tasks',
    myScore: 'My score',
    myScoreHint: 'This period and how it came about',
  },
} as const satisfies MessageTree;
