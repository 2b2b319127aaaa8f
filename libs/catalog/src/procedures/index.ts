export * from './procedure.entity';
export * from './procedures.service';
