import torch

# 假设我们有一个简单的模型和数据
model = torch.nn.Linear(10, 2)  # 一个简单的线性层
data = torch.randn(100, 10)  # 随机生成的数据

# 检查是否有可用的GPU
if torch.cuda.is_available():
    model = model.cuda()  # 将模型转移到GPU
    data = data.cuda()  # 将数据转移到GPU

# 前向传播
output = model(data)
print(output)
