export * from './concept.entity';
export * from './concepts.service';
