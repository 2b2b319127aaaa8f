export * from './ente.entity';
export * from './iban-account.entity';
export * from './org-unit.entity';
export * from './role-holder.entity';
export * from './enti.service';
export * from './org-units.service';
export * from './role-holders.service';
export * from './org-unit-import';
