import type { LarkCard } from '@kefu/adapter-lark';
import type { PipelineDeps } from '../pipeline/pipeline-deps';
import { deskApi, findDeskAccount } from './desk-account';
import type { ProofLockAlert } from './queue-proof-lock-alert';

/**
 * Posts the proof-lock alert to the merchant's Lark agents' group. A merchant without a Lark desk
 * still has the audit row and the `order.ownership_proof_locked` event. The card uuid makes a
 * retried job post once (Lark dedupes a uuid for an hour).
 */
export async function postProofLockAlert(deps: PipelineDeps, tenantId: number, alert: ProofLockAlert): Promise<void> {
  const desk = await findDeskAccount(deps, tenantId);
  if (!desk) {
    deps.runtime.logger.info({ tenantId, orderNo: alert.orderNo }, 'order proof locked without a Lark desk: the audit log and events have it');
    return;
  }
  const uuid = `kefu-prooflock-${tenantId}-${alert.orderNo}-${Date.parse(alert.lockedUntil)}`.slice(0, 50);
  await deskApi(deps, desk.config).postCard(desk.config.agentChatId, proofLockCard(alert), uuid);
  await deps.runtime.events.emit({ tenantId, type: 'desk.alert_posted', conversationId: alert.conversationId, payload: { alert: 'order.ownership_proof_locked', orderNo: alert.orderNo } });
}

function proofLockCard(alert: ProofLockAlert): LarkCard {
  const plain = (content: string) => ({ tag: 'plain_text', content });
  const until = new Date(alert.lockedUntil).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  return {
    config: { wide_screen_mode: true },
    header: { title: plain(`安全提醒 · 订单 ${alert.orderNo} 验证已锁定`), template: 'red' },
    elements: [
      { tag: 'div', text: plain(`有访客连续 ${alert.failures} 次输错该订单收货手机号后四位，已暂停匿名验证至 ${until}。`) },
      { tag: 'note', elements: [plain('如是顾客本人，请引导其登录店铺账号；如疑似有人冒领，请留意该订单的改址、取消和退款申请。')] },
    ],
  };
}
