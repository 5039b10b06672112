import {
  AuthenticationError,
  BotFrameworkAuthentication,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import { StatusCodes, type Activity } from 'botbuilder';
import { ConnectorClients } from './cachedConnectors';

/**
 * Wraps the SDK's authentication so that every token it cannot accept — bad signature, `alg: none`, HS256 with
 * the public key, not yet valid — is an AuthenticationError (401), never an internal error (500). The connector
 * clients it hands to turns are shared between turns (see ConnectorClients).
 */
export class StrictChannelAuthentication extends BotFrameworkAuthentication {
  private readonly connectors = new ConnectorClients();

  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  private async strictly<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof AuthenticationError) throw err;
      throw new AuthenticationError(`Unauthorized: ${(err as Error).message ?? 'invalid token'}`, StatusCodes.UNAUTHORIZED);
    }
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.strictly(() => this.inner.authenticateRequest(activity, authHeader));
    return result.connectorFactory ? { ...result, connectorFactory: this.connectors.factoryFor(result.claimsIdentity, result.connectorFactory) } : result;
  }

  override authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.strictly(() => this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.strictly(() => this.inner.authenticateChannelRequest(authHeader));
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.connectors.factoryFor(claimsIdentity, this.inner.createConnectorFactory(claimsIdentity));
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.connectors.userTokenClient(claimsIdentity, () => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }
}
