export * from './service.entity';
export * from './services.service';
export * from './payment-adoption.service';
export * from './taxonomy';
