import asyncio

async def fetch_data(url):
    # Fetch data from URL

async def process_data(data):
    # Data processing code here

async def main():
    data = await fetch_data("http://example.com/data")
    await process_data(data)

if __name__ == '__main__':
    asyncio.run(main())
