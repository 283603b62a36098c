import { IConstruct } from 'constructs';
import { ProcessingJobInspection } from '../../definition/inspection';
import type { ProcessingGuardrailsProps } from '../processing-guardrails-props';

/** One job as a guardrail rule sees it. */
export interface GuardrailSubject {
  /** The outermost construct that registered the job. */
  readonly node: IConstruct;
  /** Its bound job. */
  readonly job: ProcessingJobInspection;
  /** The policy. */
  readonly policy: ProcessingGuardrailsProps;
}

/** A broken rule: the rule's name (the policy prop that states it) and what is wrong, with the value. */
export interface GuardrailViolation {
  readonly rule: string;
  readonly message: string;
}

/** A family of rules: returns every violation of one job (none when the policy does not ask). */
export type GuardrailRule = (subject: GuardrailSubject) => GuardrailViolation[];

/** Text for a value only known at run time, which a synth-time guardrail cannot check. */
export const RUN_TIME_VALUE = 'a run-time value, which cannot be checked at synth; give a concrete value';
