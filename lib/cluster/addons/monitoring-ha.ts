/**
 * The availability part of the kube-prometheus-stack values: how many replicas of Prometheus,
 * Alertmanager and Grafana run, where, with which PodDisruptionBudgets and volumes, so that losing
 * one availability zone (or draining a node) never leaves the cluster without metrics or alerts.
 * Kept apart from the rest of the values (routing, dashboards, exporters) and merged into them.
 *
 * - Prometheus: 2 replicas, each scraping everything, in different zones (hard zone anti-affinity;
 *   the operator's `podAntiAffinity: hard`), PDB minAvailable 1. Each keeps its TSDB on a zonal gp3
 *   volume, so the replica whose volume is in a lost zone waits for that zone (or for its PVC to be
 *   deleted, which starts it empty in a zone that is left) while the other one serves.
 * - Alertmanager: 3 replicas forming one cluster (they gossip silences and the notification log),
 *   spread across zones as a preference (`soft`), so a replacement schedules in a zone that is
 *   left; PDB minAvailable 2 (a quorum for deduplication). No volume: the peers hold the state,
 *   and a zonal volume would pin a replica to a lost zone.
 * - Grafana: 1 replica without a volume (data sources and dashboards are provisioned, the admin
 *   credentials come from Secrets Manager), so it is rescheduled in any zone within minutes; it
 *   keeps no state worth a zonal volume. More replicas would need a shared database for sessions.
 */
export interface MonitoringAvailability {
  readonly prometheusReplicas: number;
  readonly alertmanagerReplicas: number;
}

/** The defaults above. */
export const MONITORING_AVAILABILITY: MonitoringAvailability = { prometheusReplicas: 2, alertmanagerReplicas: 3 };

/** Zones are the failure domain the anti-affinity spreads over. */
export const ZONE_TOPOLOGY_KEY = 'topology.kubernetes.io/zone';

/* eslint-disable @typescript-eslint/no-explicit-any */
/** The HA values, as a fragment of the chart's values. */
export function monitoringHaValues(a: MonitoringAvailability = MONITORING_AVAILABILITY): Record<string, any> {
  if (!Number.isInteger(a.prometheusReplicas) || a.prometheusReplicas < 2) {
    throw new Error(`monitoringHaValues: prometheusReplicas ${a.prometheusReplicas} must be an integer ≥ 2 so that one zone or node lost leaves Prometheus running.`);
  }
  if (!Number.isInteger(a.alertmanagerReplicas) || a.alertmanagerReplicas < 3) {
    throw new Error(`monitoringHaValues: alertmanagerReplicas ${a.alertmanagerReplicas} must be an integer ≥ 3 so that one zone lost leaves a quorum of 2.`);
  }
  return {
    prometheus: {
      prometheusSpec: { replicas: a.prometheusReplicas, podAntiAffinity: 'hard', podAntiAffinityTopologyKey: ZONE_TOPOLOGY_KEY },
      podDisruptionBudget: { enabled: true, minAvailable: a.prometheusReplicas - 1, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    },
    alertmanager: {
      alertmanagerSpec: { replicas: a.alertmanagerReplicas, podAntiAffinity: 'soft', podAntiAffinityTopologyKey: ZONE_TOPOLOGY_KEY },
      podDisruptionBudget: { enabled: true, minAvailable: a.alertmanagerReplicas - 1, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    },
    grafana: { replicas: 1, persistence: { enabled: false } },
  };
}

/** Deep merge of plain objects (`extra` wins; arrays and scalars are replaced). */
export function mergeValues(base: Record<string, any>, extra: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = { ...base };
  for (const [k, v] of Object.entries(extra)) {
    const b = out[k];
    out[k] = b && typeof b === 'object' && !Array.isArray(b) && v && typeof v === 'object' && !Array.isArray(v) ? mergeValues(b, v) : v;
  }
  return out;
}
/* eslint-enable @typescript-eslint/no-explicit-any */
