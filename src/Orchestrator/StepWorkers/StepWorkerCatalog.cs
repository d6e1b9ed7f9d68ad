namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>The built-in step workers, one per step and compensation step of the default catalog (steps.json).</summary>
internal static class StepWorkerCatalog
{
    private const string Database = "DB_HOST, DB_PORT, DB_USER, DB_PASSWORD, DB_NAME, DB_SSL_MODE, DB_SSL_CA";
    private const string Nats = StepNatsConnection.Variables;

    public static IReadOnlyList<StepWorker> All { get; } =
    [
        new("register-customer", $"Insert the corporate customer. Reads CUSTOMER_ID, COMPANY_NAME, SUBSCRIPTION_TIER, COMPANY_DATA, {Database}, {Nats}.", RegisterCustomerStep.RunAsync),
        new("register-user", $"Insert one user of the customer. Reads CUSTOMER_ID, USER_NAME, USER_EMAIL, ROLE_NAME, CUSTOMER_NAME, {Database}, {Nats}.", RegisterUserStep.RunAsync),
        new("send-welcome-email", $"Send the welcome e-mail by SMTP, or write it to EMAIL_OUTBOX_DIR. Reads CUSTOMER_ID, CUSTOMER_NAME, USER_NAME, USER_EMAIL, ROLE_NAME, EMAIL_TEMPLATE, SUBSCRIPTION_TIER, SMTP_SERVER, SMTP_PORT, SMTP_USER, SMTP_PASS, SMTP_TLS, {Nats}.", SendWelcomeEmailStep.RunAsync),
        new("notify-marketing", $"Record the marketing notice. Reads CUSTOMER_ID, CUSTOMER_NAME, SUBSCRIPTION_TIER, USER_COUNT, EVENT_ID, {Database}, {Nats}.", NotifyMarketingStep.RunAsync),
        new("order-swag", $"Record the swag order. Reads CUSTOMER_ID, CUSTOMER_NAME, SUBSCRIPTION_TIER, SHIPPING_ADDRESS, EVENT_ID, {Database}, {Nats}.", OrderSwagStep.RunAsync),
        new("create-touchpoints", $"Schedule the customer's CRM touchpoints. Reads CUSTOMER_ID, CUSTOMER_NAME, {Database}, {Nats}.", CreateTouchpointsStep.RunAsync),
        new("delete-customer", $"Delete the customer and, by cascade, its rows: CUSTOMER_ID (the one register-customer reported), else the one SAGA_ID created. Reads CUSTOMER_ID, SAGA_ID, {Database}.", DeleteCustomerStep.RunAsync),
        new("delete-user", $"Delete one user of the customer. Reads CUSTOMER_ID, USER_EMAIL, {Database}.", DeleteUserStep.RunAsync),
        new("retract-marketing-notice", $"Mark the marketing notice retracted. Reads CUSTOMER_ID, {Database}.", RetractMarketingNoticeStep.RunAsync),
        new("cancel-swag-order", $"Mark the swag order cancelled. Reads CUSTOMER_ID, {Database}.", CancelSwagOrderStep.RunAsync),
        new("delete-touchpoints", $"Delete the customer's touchpoints. Reads CUSTOMER_ID, {Database}.", DeleteTouchpointsStep.RunAsync),
    ];

    public static StepWorker Named(string name) => All.Single(worker => worker.Name == name);
}
