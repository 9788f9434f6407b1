/**
 * A station's security profile only goes up (OCPP 2.0.1 A05.FR.09, 1.6 whitepaper §2.2): a configuration change
 * that would set it lower than the one it uses is refused before it is sent. The profile travels as the 1.6
 * configuration key `SecurityProfile`, or the 2.0.1 variable SecurityCtrlr.SecurityProfile.
 */
import type { Payload } from './frames';

/** The profile a CALL would set, when it sets one. */
export function profileSetBy(action: string, payload: Payload): number | undefined {
  if (action === 'ChangeConfiguration' && payload.key === 'SecurityProfile') return Number(payload.value);
  if (action !== 'SetVariables' || !Array.isArray(payload.setVariableData)) return undefined;
  for (const item of payload.setVariableData as Array<Record<string, { name?: unknown } | unknown>>) {
    const component = item.component as { name?: unknown } | undefined;
    const variable = item.variable as { name?: unknown } | undefined;
    if (component?.name === 'SecurityCtrlr' && variable?.name === 'SecurityProfile') return Number(item.attributeValue);
  }
  return undefined;
}
