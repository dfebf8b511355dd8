import { PageQueryDto, Roles } from '@credit/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NominationsService } from './nominations.service';

@ApiTags('nomination-proposals')
@ApiBearerAuth()
@Controller()
export class NominationsController {
  constructor(private readonly nominations: NominationsService) {}

  @Get('nomination-proposals')
  @Roles('reviewer')
  @ApiOperation({ summary: 'Proposals drawn by the nomination rules from penalties in publicity and false commitments; a reviewer decides, nobody is listed by a proposal' })
  list(@Query() query: PageQueryDto) {
    return this.nominations.list(query);
  }
}
