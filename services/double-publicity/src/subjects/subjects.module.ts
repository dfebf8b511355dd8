import { Module } from '@nestjs/common';
import { doublePublicityConfigProvider } from '../config';
import { SubjectLinkReaction } from './subject-link.reaction';
import { VaultHandoffRelay } from './vault-handoff.relay';

@Module({ controllers: [SubjectLinkReaction], providers: [VaultHandoffRelay, doublePublicityConfigProvider] })
export class SubjectsModule {}
