import { OrgUnit } from './org-unit';
import { Person } from './person';
import { Post, PostProfile } from './post';
import { ProbeRun } from './probe-run';
import { User, UserRole } from './user';

export { OrgUnit, Person, Post, PostProfile, ProbeRun, User, UserRole };

export const ENTITIES = [OrgUnit, PostProfile, Post, Person, User, UserRole, ProbeRun];
