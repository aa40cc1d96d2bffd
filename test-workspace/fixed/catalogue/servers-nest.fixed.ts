// NestJS controllers and microservice handlers: decorated methods are entry points.
import { trace, SpanKind } from '@opentelemetry/api';
import { Controller, Get, Param, Post } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';

const tracer = trace.getTracer('catalogue');

@Controller('orders')
export class OrdersController {
  @Get(':id')
  findOne(@Param('id') id: string) {
    return tracer.startActiveSpan('GET /orders/:id', { kind: SpanKind.SERVER }, (span) => { // expect: SERVER
      try {
        return { id };
      } finally {
        span.end();
      }
    });
  }

  @Post()
  create() {
    return { created: true };
  }

  describe(id: string) {
    return tracer.startActiveSpan('describe order', (span) => { // expect: none
      span.end();
      return `order ${id}`;
    });
  }
}

@Controller()
export class OrderEvents {
  @EventPattern('order.created')
  onCreated(@Payload() order: { id: string }) {
    tracer.startActiveSpan('order.created process', { kind: SpanKind.CONSUMER }, (span) => { // expect: CONSUMER
      console.log(order.id);
      span.end();
    });
  }

  @MessagePattern({ cmd: 'sum' })
  sum(@Payload() values: number[]) {
    return tracer.startActiveSpan('sum process', { kind: SpanKind.CONSUMER }, (span) => { // expect: CONSUMER
      const total = values.reduce((a, b) => a + b, 0);
      span.end();
      return total;
    });
  }
}
