export * from './procedure-drafts.service';
