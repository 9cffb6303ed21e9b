"""A local S3 server (moto's, on loopback) for the tests of uploads kept in a bucket.

The site is configured for it exactly as a deployment is: through its
AWS_* environment variables for processes (`environment`), or the same
storage options for the suite's own process (`storage`).
"""

import logging
import socket
import uuid

import boto3

from tests.dev_server import free_port

# Away from make run's 8000 and the development server tests' ports.
PORTS = range(8170, 8175)
ACCESS_KEY_ID = "lahp-test"
SECRET_ACCESS_KEY = "lahp-test-secret"
REGION = "eu-west-2"


class LocalS3:
    """moto's S3 server in a thread of this process; each test takes a fresh bucket."""

    def __init__(self):
        from moto.server import ThreadedMotoServer

        # Its request log would bury a failing test's own output.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        port = free_port(PORTS)
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        self.server.start()
        self.endpoint = f"http://127.0.0.1:{port}"
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        self.client = boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY_ID,
            aws_secret_access_key=SECRET_ACCESS_KEY,
        )

    def new_bucket(self) -> str:
        name = f"lahp-media-{uuid.uuid4().hex[:12]}"
        self.client.create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        return name

    def keys(self, bucket: str, prefix: str = "") -> list[str]:
        listing = self.client.list_objects_v2(Bucket=bucket, Prefix=prefix)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, bucket: str, key: str) -> bytes:
        return self.client.get_object(Bucket=bucket, Key=key)["Body"].read()

    def acl_grants(self, bucket: str, key: str) -> list[dict]:
        return self.client.get_object_acl(Bucket=bucket, Key=key)["Grants"]

    def environment(self, bucket: str) -> dict[str, str]:
        """What a deployment sets to keep its uploads in the bucket."""
        return {
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY_ID,
            "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY,
        }

    def storage(self, bucket: str) -> dict:
        """The storage base.py configures from `environment(bucket)`, with the keys given
        directly (this process's environment is left alone)."""
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": self.endpoint,
                "region_name": REGION,
                "access_key": ACCESS_KEY_ID,
                "secret_key": SECRET_ACCESS_KEY,
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
            },
        }

    def stop(self) -> None:
        self.server.stop()
