import 'reflect-metadata';
import { bootstrapService } from '@credit/platform';
import { AppModule } from './app.module';

void bootstrapService(AppModule);
