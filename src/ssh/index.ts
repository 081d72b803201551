/** The ssh room: plat's SSH client (exec + SFTP over ssh2) with OpenSSH known_hosts verification. */
export { openSsh, type OpenSshOptions, type SshConnection } from './connection.js';
export type { ExecOptions, SshExecResult } from './exec.js';
export {
  SshAuthFailed,
  SshHostKeyChanged,
  SshHostKeyRevoked,
  SshHostKeyUnknown,
  SshUnreachable,
  type SshFailure,
} from './errors.js';
export { generateEd25519KeyPair, type SshKeyPair } from './keygen.js';
export { fingerprintSha256, knownHostsLine, knownHostsName, sshKeyType } from './host-key.js';
export { checkHostKey, hostMatches, parseKnownHosts, type HostKeyVerdict, type KnownHostEntry } from './known-hosts.js';
export { openSftp, SftpError, type SftpSession, type SftpEntry, type SftpStatus } from './sftp-session.js';
export { putFromFile, readRemoteFile, type TransferOptions } from './sftp-transfer.js';
