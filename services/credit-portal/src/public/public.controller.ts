import { Public } from '@credit/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { PublicService } from './public.service';

@ApiTags('public')
@Controller('public')
export class PublicController {
  constructor(private readonly portal: PublicService) {}

  @Get('subjects/:code')
  @Public()
  @ApiOperation({ summary: 'What the credit website shows for a subject (USCC or ID number), now or as of a timestamp' })
  subject(@Param('code') code: string, @Query('asOf') asOf?: string) {
    return this.portal.subjectPage(code, asOf);
  }
}
