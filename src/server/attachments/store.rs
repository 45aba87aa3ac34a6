//! The bytes of attachments, behind `object_store`: a local folder, memory, or an
//! S3-compatible bucket shared by every app server. Keys are the attachment ids, never
//! names a person typed.

use bytes::Bytes;
use futures::stream::BoxStream;
use object_store::{
    ObjectStore, ObjectStoreExt, PutPayload, WriteMultipart, path::Path, prefix::PrefixStore,
};
use std::sync::Arc;

use super::config::StoreUrl;

#[derive(Clone, Debug)]
pub struct FileStore {
    inner: Arc<dyn ObjectStore>,
    /// Bytes an upload holds before sending them on: S3 takes parts of 5 MiB at least;
    /// a folder takes any size, so an upload never holds more than a small part.
    part: usize,
}

const SMALL_PART: usize = 256 * 1024;
const S3_PART: usize = 5 * 1024 * 1024;

impl FileStore {
    pub fn open(url: &StoreUrl) -> anyhow::Result<Self> {
        let part = match url {
            StoreUrl::S3 { .. } => S3_PART,
            _ => SMALL_PART,
        };
        let inner: Arc<dyn ObjectStore> = match url {
            StoreUrl::Memory => Arc::new(object_store::memory::InMemory::new()),
            StoreUrl::Local(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| {
                    anyhow::anyhow!(
                        "não foi possível criar a pasta de anexos {}: {e}",
                        dir.display()
                    )
                })?;
                Arc::new(object_store::local::LocalFileSystem::new_with_prefix(dir)?)
            }
            StoreUrl::S3 { bucket, prefix } => {
                let s3 = object_store::aws::AmazonS3Builder::from_env()
                    .with_bucket_name(bucket)
                    .build()?;
                if prefix.is_empty() {
                    Arc::new(s3)
                } else {
                    Arc::new(PrefixStore::new(s3, prefix.as_str()))
                }
            }
        };
        Ok(Self { inner, part })
    }

    pub fn memory() -> Self {
        Self {
            inner: Arc::new(object_store::memory::InMemory::new()),
            part: SMALL_PART,
        }
    }

    fn key(id: &str) -> Path {
        Path::from(format!("anexos/{id}"))
    }

    pub async fn put(&self, id: &str, bytes: Bytes) -> anyhow::Result<()> {
        self.inner
            .put(&Self::key(id), PutPayload::from_bytes(bytes))
            .await?;
        Ok(())
    }

    /// A writer that sends the bytes of `id` on as they arrive, a part at a time. Finish
    /// it to keep the file; abort it (or drop it) to leave nothing behind.
    pub async fn writer(&self, id: &str) -> anyhow::Result<WriteMultipart> {
        let upload = self.inner.put_multipart(&Self::key(id)).await?;
        Ok(WriteMultipart::new_with_chunk_size(upload, self.part))
    }

    /// The bytes of `id` as they are read, for a download that never holds the file.
    pub async fn stream(
        &self,
        id: &str,
    ) -> anyhow::Result<BoxStream<'static, object_store::Result<Bytes>>> {
        Ok(self.inner.get(&Self::key(id)).await?.into_stream())
    }

    pub async fn delete(&self, id: &str) -> anyhow::Result<()> {
        match self.inner.delete(&Self::key(id)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    pub async fn get(&self, id: &str) -> anyhow::Result<Bytes> {
        Ok(self.inner.get(&Self::key(id)).await?.bytes().await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn every_configured_store_opens_and_keeps_bytes_by_id() {
        // S3 is only configured here (no bucket is reachable from the tests): building the
        // client must not need the network.
        let s3 = StoreUrl::S3 {
            bucket: "uno-anexos".into(),
            prefix: "prod".into(),
        };
        assert!(FileStore::open(&s3).is_ok());
        let dir = std::env::temp_dir().join(format!("suporte-anexos-{}", std::process::id()));
        for url in [StoreUrl::Memory, StoreUrl::Local(dir.clone())] {
            let store = FileStore::open(&url).unwrap();
            store
                .put("abc", Bytes::from_static(b"conteudo"))
                .await
                .unwrap();
            assert_eq!(&store.get("abc").await.unwrap()[..], b"conteudo");
            store.delete("abc").await.unwrap();
            assert!(store.get("abc").await.is_err());
            store.delete("abc").await.unwrap();
        }
        let _ = std::fs::remove_dir_all(dir);
    }
}
