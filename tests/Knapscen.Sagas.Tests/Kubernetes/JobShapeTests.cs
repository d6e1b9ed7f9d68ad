using k8s.Models;
using Knapscen.Sagas.Adapters.Kubernetes.Jobs;
using Knapscen.Sagas.StateMachines.Steps;

namespace Knapscen.Sagas.Tests.Kubernetes;

/// <summary>What the launcher and watcher read and write, checked without a cluster.</summary>
[Trait("Tier", "specs")]
public class JobShapeTests
{
    [Fact]
    public void A_job_carries_the_request_labels_env_secrets_and_limits()
    {
        var request = KubeFixture.Request("registry.example/step:1", timeout: TimeSpan.FromSeconds(90.2), userIndex: 3) with
        {
            Command = ["/bin/step", "--once"],
        };
        var definition = KubeFixture.Catalog().Steps["probe"];

        var job = JobFactory.Create(request, definition, "knapscen-jobs", new KubernetesLauncherOptions { TtlSecondsAfterFinished = 120 });

        Assert.Equal(request.LaunchId, job.Metadata.Name);
        Assert.Equal("knapscen-jobs", job.Metadata.NamespaceProperty);
        Assert.Equal((0, 91L, 120), (job.Spec.BackoffLimit, job.Spec.ActiveDeadlineSeconds, job.Spec.TtlSecondsAfterFinished));
        Assert.Equal(job.Metadata.Labels, job.Spec.Template.Metadata.Labels);
        var identity = JobLabels.Read(job.Metadata.Name, job.Metadata.Labels);
        Assert.Equal(new JobIdentity(request.SagaId, request.Step, 3, 1, request.LaunchId), identity);
        var container = Assert.Single(job.Spec.Template.Spec.Containers);
        Assert.Equal(["/bin/step", "--once"], container.Command);
        Assert.Equal(["GREETING", "TRACEPARENT"], container.Env.Select(variable => variable.Name));
        Assert.Equal(request.TraceParent, container.Env.Single(variable => variable.Name == "TRACEPARENT").Value);
        Assert.Equal(KubeFixture.SecretName, Assert.Single(container.EnvFrom).SecretRef.Name);
        Assert.Equal("16Mi", container.Resources.Requests["memory"].ToString());
        Assert.Equal("Never", job.Spec.Template.Spec.RestartPolicy);
    }

    [Fact]
    public void A_step_without_catalog_entry_or_command_uses_the_image_entrypoint_and_no_extras()
    {
        var request = KubeFixture.Request("registry.example/step:1");

        var container = Assert.Single(JobFactory.Create(request, definition: null, "ns", new KubernetesLauncherOptions()).Spec.Template.Spec.Containers);

        Assert.Null(container.Command);
        Assert.Null(container.EnvFrom);
        Assert.Null(container.Resources);
    }

    [Fact]
    public void Every_step_pod_meets_the_restricted_pod_security_standard()
    {
        var job = JobFactory.Create(KubeFixture.Request("registry.example/step:1"), definition: null, "ns", new KubernetesLauncherOptions());

        var pod = job.Spec.Template.Spec;
        Assert.Equal((true, 1654L, 1654L, "RuntimeDefault"), (pod.SecurityContext.RunAsNonRoot, pod.SecurityContext.RunAsUser, pod.SecurityContext.RunAsGroup, pod.SecurityContext.SeccompProfile.Type));
        Assert.False(pod.AutomountServiceAccountToken);
        Assert.Null(pod.ImagePullSecrets);
        var container = Assert.Single(pod.Containers);
        Assert.Equal((false, true), (container.SecurityContext.AllowPrivilegeEscalation, container.SecurityContext.ReadOnlyRootFilesystem));
        Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
        Assert.Null(container.SecurityContext.Capabilities.Add);
        Assert.Equal("FallbackToLogsOnError", container.TerminationMessagePolicy);
        // The only writable place: an emptyDir at /tmp.
        var mount = Assert.Single(container.VolumeMounts);
        Assert.Equal("/tmp", mount.MountPath);
        Assert.NotNull(Assert.Single(pod.Volumes, volume => volume.Name == mount.Name).EmptyDir);
    }

    [Fact]
    public void Pull_secrets_user_and_image_digest_come_from_the_settings()
    {
        const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        var definition = new StepDefinition { Image = "registry.example/step:1", ImageDigest = Digest };
        var options = new KubernetesLauncherOptions { RunAsUser = 2000, RunAsGroup = 3000, ImagePullSecrets = ["regcred", "mirror.pull"] };

        var pod = JobFactory.Create(KubeFixture.Request("registry.example/step:1"), definition, "ns", options).Spec.Template.Spec;

        Assert.Equal(["regcred", "mirror.pull"], pod.ImagePullSecrets.Select(secret => secret.Name));
        Assert.Equal((2000L, 3000L), (pod.SecurityContext.RunAsUser, pod.SecurityContext.RunAsGroup));
        Assert.Equal("registry.example/step:1@" + Digest, Assert.Single(pod.Containers).Image);
    }

    [Fact]
    public void A_pull_secret_that_is_no_secret_name_is_refused()
    {
        var options = new KubernetesLauncherOptions { ImagePullSecrets = ["Reg_Cred"] };

        var failure = Assert.Single(options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)));

        Assert.Contains("Kubernetes:ImagePullSecrets entry 'Reg_Cred'", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_termination_message_from_the_log_tail_gives_its_last_line()
    {
        var pod = new V1Pod
        {
            Status = new V1PodStatus
            {
                Phase = "Failed",
                ContainerStatuses =
                [
                    new V1ContainerStatus
                    {
                        Name = JobFactory.ContainerName,
                        State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 1, Reason = "Error", Message = "connecting to db\ntouch: cannot touch '/app/x': Read-only file system\n\n" } },
                    },
                ],
            },
        };

        Assert.Equal("container exited with code 1 (Error): touch: cannot touch '/app/x': Read-only file system", PodFailureReader.Describe(pod));
    }

    [Fact]
    public void Foreign_or_edited_labels_are_not_read_as_a_saga()
    {
        Assert.Null(JobLabels.Read("x", new Dictionary<string, string> { [JobLabels.ManagedBy] = JobLabels.ManagedByValue }));
        var labels = JobLabels.For(KubeFixture.Request("i:1"));
        labels[JobLabels.Attempt] = "-1";
        Assert.Null(JobLabels.Read("x", labels));
    }

    [Theory]
    [InlineData("Complete", "True", true)]
    [InlineData("Failed", "True", false)]
    public void Terminal_conditions_decide_the_outcome(string type, string status, bool succeeded)
    {
        var job = Job(new V1JobCondition { Type = "SuccessCriteriaMet", Status = "True" }, new V1JobCondition { Type = type, Status = status, Reason = "R", Message = "M" });

        Assert.Equal(succeeded, JobOutcome.Read(job)?.Succeeded);
    }

    [Fact]
    public void Interim_or_false_conditions_are_not_an_outcome()
    {
        var job = Job(new V1JobCondition { Type = "FailureTarget", Status = "True" }, new V1JobCondition { Type = "Failed", Status = "False" });

        Assert.Null(JobOutcome.Read(job));
    }

    [Fact]
    public void A_deadline_failure_reads_as_a_timeout()
    {
        var job = Job(new V1JobCondition { Type = "Failed", Status = "True", Reason = "DeadlineExceeded", Message = "Job was active longer than specified deadline" });
        job.Spec = new V1JobSpec { ActiveDeadlineSeconds = 5 };

        var error = JobOutcome.Read(job)!.Describe(job, podDetail: null);

        Assert.Equal("timed out after 5 s (DeadlineExceeded: Job was active longer than specified deadline)", error);
    }

    [Fact]
    public void Reported_jobs_forget_the_oldest_beyond_their_capacity()
    {
        var reported = new ReportedJobs(capacity: 2);

        reported.Add("a");
        reported.Add("b");
        reported.Add("a");
        reported.Add("c");

        Assert.Equal(2, reported.Count);
        Assert.False(reported.Contains("a"));
        Assert.True(reported.Contains("b") && reported.Contains("c"));
    }

    private static V1Job Job(params V1JobCondition[] conditions) => new()
    {
        Metadata = new V1ObjectMeta { Name = "j" },
        Status = new V1JobStatus { Conditions = conditions },
    };
}
