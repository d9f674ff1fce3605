// One line of a customer's profile audit trail (PB-20): who changed which field from what to what.
export interface AuditEntry {
  at: string;
  actor: string;
  field: string;
  old: unknown;
  new: unknown;
}
