import { CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A person a department (or any unit) names as a responder: with the unit's head, the people its
 * tasks go to (SPEC §2). Resolved to their active logins by domain/candidates.ts.
 */
@Entity({ name: 'unit_responders' })
export class UnitResponder {
  @PrimaryColumn({ name: 'org_unit_id', type: 'varchar', length: 36 })
  orgUnitId!: string;

  @Index('idx_unit_responders_person')
  @PrimaryColumn({ name: 'person_id', type: 'varchar', length: 36 })
  personId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;
}
