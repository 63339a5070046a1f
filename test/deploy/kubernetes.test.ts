import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadConfig, SETTING_NAMES } from '../../src/config.js';

type Manifest = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> }; [field: string]: any };

/** Every document of one file under manifests/kubernetes/, refusing YAML errors. */
function load(file: string): Manifest[] {
  const text = readFileSync(new URL(`../../manifests/kubernetes/${file}`, import.meta.url), 'utf8');
  return parseAllDocuments(text).map((doc) => {
    expect(doc.errors, `${file}: ${doc.errors.join('; ')}`).toEqual([]);
    return doc.toJS() as Manifest;
  });
}

function only(file: string, kind: string): Manifest {
  const docs = load(file);
  expect(docs.map((d) => d.kind)).toEqual([kind]);
  return docs[0]!;
}

const deployment = only('deployment.yaml', 'Deployment');
const service = only('service.yaml', 'Service');
const configMap = only('configmap.yaml', 'ConfigMap');
const secret = only('secret.example.yaml', 'Secret');
const pod = deployment.spec.template.spec;
const container = pod.containers[0];

// Settings deliberately in neither: DATA_DIR is the image's (/data, unused with DATABASE_URL), SLACK_API_URL is Slack's.
const LEFT_AT_IMAGE_DEFAULT = ['DATA_DIR', 'SLACK_API_URL'];
// The web pages' client secret and the API tokens are secrets too.
const WEB_SECRETS = ['SLACK_CLIENT_SECRET', 'API_TOKENS'];
const SECRET_SETTINGS = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'DATABASE_URL', ...OPTIONAL_SECRETS(), ...WEB_SECRETS];
// Paging keys and the alert endpoints' secrets are offered commented out in the Secret template: both are optional.
function OPTIONAL_SECRETS() {
  return ['PAGERDUTY_API_TOKEN', 'PAGERDUTY_WEBHOOK_SECRET', 'OPSGENIE_API_KEY', 'ALERT_WEBHOOK_TOKEN', 'ALERT_WEBHOOK_HMAC_SECRET', 'GITHUB_WEBHOOK_SECRET'];
}

describe('Kubernetes manifests', () => {
  it('run two replicas of one container that serves HTTP on the named port 3000', () => {
    expect(deployment.apiVersion).toBe('apps/v1');
    expect(deployment.spec.replicas).toBe(2);
    expect(pod.containers).toHaveLength(1);
    expect(container.image).toMatch(/sitrep/);
    expect(container.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
    expect(configMap.data.PORT).toBe('3000');
    expect(deployment.spec.selector.matchLabels).toEqual(deployment.spec.template.metadata.labels);
  });

  it('probe readiness and liveness (and startup) with GET /healthz on the http port', () => {
    for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
      expect(container[probe]?.httpGet, probe).toEqual({ path: '/healthz', port: 'http' });
    }
    // Liveness is the patient one: a database outage takes the pod out of the Service, it does not restart it.
    const window = (p: { periodSeconds: number; failureThreshold: number }) => p.periodSeconds * p.failureThreshold;
    expect(window(container.livenessProbe)).toBeGreaterThan(window(container.readinessProbe));
  });

  it('request CPU and memory and cap memory', () => {
    expect(container.resources.requests).toEqual({ cpu: '100m', memory: '192Mi' });
    expect(container.resources.limits.memory).toBe('512Mi');
  });

  it('run as the image\'s unprivileged node user with a read-only root filesystem', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 });
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  it('give shutdown time: the preStop pause plus Sitrep\'s 10-second drain fit in the grace period', () => {
    const pause = Number(container.lifecycle.preStop.exec.command[1]);
    expect(pod.terminationGracePeriodSeconds).toBe(30);
    expect(pause + 10).toBeLessThan(pod.terminationGracePeriodSeconds);
    expect(readFileSync(new URL('../../src/main.ts', import.meta.url), 'utf8')).toContain('DRAIN_TIMEOUT_MS = 10_000');
  });

  it('take the settings from the ConfigMap and the Secret defined beside it', () => {
    expect(container.envFrom).toEqual([{ configMapRef: { name: configMap.metadata.name } }, { secretRef: { name: secret.metadata.name } }]);
  });

  it('name only real settings, secrets only in the Secret, and every setting somewhere', () => {
    const inConfigMap = Object.keys(configMap.data);
    const inSecret = Object.keys(secret.stringData);
    expect([...inConfigMap, ...inSecret].filter((name) => !SETTING_NAMES.includes(name as never))).toEqual([]);
    expect(inConfigMap.filter((name) => SECRET_SETTINGS.includes(name))).toEqual([]);
    expect(inSecret.sort()).toEqual(['API_TOKENS', 'DATABASE_URL', 'SLACK_BOT_TOKEN', 'SLACK_CLIENT_SECRET', 'SLACK_SIGNING_SECRET']);
    // SLACK_APP_TOKEN is offered commented out: set it for Socket Mode.
    expect(readFileSync(new URL('../../manifests/kubernetes/secret.example.yaml', import.meta.url), 'utf8')).toMatch(/^\s*# SLACK_APP_TOKEN: xapp-/m);
    for (const name of OPTIONAL_SECRETS()) expect(readFileSync(new URL('../../manifests/kubernetes/secret.example.yaml', import.meta.url), 'utf8')).toMatch(new RegExp(`^\\s*# ${name}: `, 'm'));
    const covered = new Set([...inConfigMap, ...inSecret, 'SLACK_APP_TOKEN', ...OPTIONAL_SECRETS(), ...LEFT_AT_IMAGE_DEFAULT]);
    expect(SETTING_NAMES.filter((name) => !covered.has(name))).toEqual([]);
  });

  it('hold values Sitrep accepts: the ConfigMap and the filled-in template start in HTTP mode on Postgres', () => {
    // Kubernetes refuses a ConfigMap whose values are numbers or booleans.
    for (const [name, value] of Object.entries(configMap.data)) expect(typeof value, name).toBe('string');
    const config = loadConfig({ ...configMap.data, ...secret.stringData });
    expect(config.mode).toBe('http');
    expect(config.databaseUrl).toMatch(/^postgres:\/\//);
    expect(config.incidentsChannel).toBeUndefined();
    expect(config.port).toBe(3000);
  });

  it('expose the pods\' http port through the Service, for HTTP mode', () => {
    expect(service.spec.selector).toEqual(deployment.spec.template.metadata.labels);
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
  });
});
